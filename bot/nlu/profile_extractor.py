"""Rasa NLU component: adds the profile read by bot.understanding as entities.

Each value the message states becomes an entity named after its slot
(employment_status, currently_working, project_clarity, age_group, cadre, young_graduate),
which domain.yml maps onto the slot of the same name. When DIET is unsure of the intent but
the message plainly describes the visitor's situation, the intent becomes `inform`, so
that "ex-boulanger, chomeur, jsp koi faire" is not treated as misunderstood.
Runs after DIETClassifier and before FallbackClassifier (config.yml).
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.understanding.profile_reader import read_disability, read_profile, read_scheme, warm_up

INFORM = "inform"
# intents that a profile statement does not override: the visitor also asked something
KEEP_INTENTS_ABOVE = 0.5


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ProfileExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"promote_to_inform_below": KEEP_INTENTS_ABOVE}

    def __init__(self, config: dict[str, Any]) -> None:
        self.promote_below = float(config.get("promote_to_inform_below", KEEP_INTENTS_ABOVE))
        warm_up()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ProfileExtractor:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._process(message)
        return messages

    def _process(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if not text.strip() or text.startswith("/"):
            return
        values = read_profile(text).slots()
        for name, reader in (("scheme", read_scheme), ("disability", read_disability)):
            if value := reader(text):
                values[name] = value
        if not values:
            return
        entities = [
            {"entity": name, "value": value, "start": 0, "end": len(text),
             "confidence": 1.0}
            for name, value in values.items()
        ]
        message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities),
                    add_to_output=True)
        intent = message.get(INTENT) or {}
        if set(values) <= {"scheme", "disability"}:
            return  # a question about a scheme is not a statement of the visitor's situation
        if intent.get("name") != INFORM and (intent.get("confidence") or 0.0) < self.promote_below:
            message.set(INTENT, {"name": INFORM, "confidence": 1.0}, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != INFORM]
            message.set(INTENT_RANKING_KEY, [{"name": INFORM, "confidence": 1.0}] + ranking,
                        add_to_output=True)
