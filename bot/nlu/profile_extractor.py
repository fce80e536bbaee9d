"""Rasa NLU component: adds the profile read by cep.understanding as entities.

Each value the message states becomes an entity named after its slot
(employment_status, currently_working, project_clarity, age_group, cadre, young_graduate, …),
which domain.yml maps onto the slot of the same name. The lexicon reads first; the learned
reader (cep/understanding/learned_reader.py), trained here by `rasa train` on the labelled
sets named in config.yml, fills what the lexicon left unset when it is confident enough.
Two more entities tell the action server how the reading was made: `guessed` (the slots the
learned reader filled, comma-separated) and `status_between` (two statuses the model hesitates
between, so that the assistant asks precisely: "Êtes-vous salarié(e) ou à votre compte ?").
When DIET is unsure of the intent but the message plainly describes the visitor's situation,
the intent becomes `inform`, so that "ex-boulanger, chomeur, jsp koi faire" is not treated as
misunderstood. Runs after DIETClassifier and before FallbackClassifier (config.yml).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from cep import knowledge, understanding, vocabulary
from cep.understanding.labelled import train_as_configured
from cep.understanding.learned_reader import LearnedReader
from cep.understanding.message_reading import ENTITY as MESSAGE_READING
from cep.understanding.message_reading import read_message
from cep.understanding.profile_reader import read_disability, read_profile, read_scheme, warm_up

INFORM = "inform"
# intents that a profile statement does not override: the visitor also asked something
KEEP_INTENTS_ABOVE = 0.5
MODEL_FILE = "learned_reader.joblib"
UNDERSTANDING = Path(understanding.__file__).resolve().parent
# what the reader's code reads besides its own folder: the slots' values, the knowledge files' reader
READER_DEPENDENCIES = [Path(vocabulary.__file__).resolve(), Path(knowledge.__file__).resolve()]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class ProfileExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"promote_to_inform_below": KEEP_INTENTS_ABOVE, "training_sets": [], "thresholds": {},
                "override_above": {}, "doubt_above": {}, "regularisation": 10.0, "judge_sets": [],
                "unnamed_project_above": 1.01, "status_in_project_above": 0.0,
                "negatives_from_nlu": True}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 learned: LearnedReader | None = None) -> None:
        self.config = config
        self.promote_below = float(config.get("promote_to_inform_below", KEEP_INTENTS_ABOVE))
        self.model_storage = model_storage
        self.resource = resource
        self.learned = learned
        warm_up()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ProfileExtractor:
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The labelled sets and the reader's code are read from files the graph does not see:
        retrain when they change."""
        digest = hashlib.sha256()
        files = [Path(p) for p in config.get("training_sets", [])] + sorted(UNDERSTANDING.glob("*.py")) \
            + sorted(UNDERSTANDING.glob("*.yml")) + READER_DEPENDENCIES
        for path in files:
            digest.update(path.name.encode())
            digest.update(path.read_bytes() if path.exists() else b"missing")
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        nlu = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples]
        self.learned = train_as_configured(self.config, nlu)
        with self.model_storage.write_to(self.resource) as directory:
            joblib.dump(self.learned, directory / MODEL_FILE)
        return self.resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> ProfileExtractor:
        learned = None
        try:
            with model_storage.read_from(resource) as directory:
                learned = joblib.load(directory / MODEL_FILE)
        except ValueError:  # a model trained without the learned reader: the lexicon alone
            pass
        return cls(config, model_storage, resource, learned)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._process(message)
        return messages

    def _process(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if not text.strip() or text.startswith("/"):
            return
        reading = read_profile(text, learned=self.learned)
        values: dict[str, Any] = reading.slots()
        for name, reader in (("scheme", read_scheme), ("disability", read_disability)):
            if value := reader(text):
                values[name] = value
        if reading.status_between:
            values["status_between"] = reading.status_between
        about_visitor = set(values) - {"scheme", "disability"}
        if reading.guessed:
            values["guessed"] = ",".join(sorted(reading.guessed))
        # what the dialogue needs of the text, so that the action server does not read it again
        values[MESSAGE_READING] = read_message(text).as_entity_value()
        entities = [
            {"entity": name, "value": value, "start": 0, "end": len(text),
             "confidence": 1.0}
            for name, value in values.items()
        ]
        message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities),
                    add_to_output=True)
        intent = message.get(INTENT) or {}
        if not about_visitor:
            return  # a question about a scheme is not a statement of the visitor's situation
        if intent.get("name") != INFORM and (intent.get("confidence") or 0.0) < self.promote_below:
            message.set(INTENT, {"name": INFORM, "confidence": 1.0}, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != INFORM]
            message.set(INTENT_RANKING_KEY, [{"name": INFORM, "confidence": 1.0}] + ranking,
                        add_to_output=True)
