"""Fixes to Rasa 3.6 itself, installed by `install()` when our Rasa server starts (bot/rasa_server.py).

1. Rasa validates every action-server response with `jsonschema.validate(result, schema)`, which
re-checks the schema against its metaschema on every call: measured with py-spy, two thirds of
the Rasa server's time went there (turns that close the intake make several action calls).
The replacement validates against the same schema with a validator built once; responses
that do not match still raise the same ValidationError with Rasa's message.

2. Rasa wraps the tracker store in a `FailSafeTrackerStore`: when the database cannot be read,
the conversation is taken for a new one (the welcome again, the profile forgotten), and when it
cannot be written, it is kept in the server's memory instead, never to reach the database. In the
cluster a PostgreSQL restart then answered visitors as strangers and dropped what they said. Here
an error of the tracker store is an error of the message: the channel gives the polite technical
reply (rest.py, socketio.py), nothing of the message is kept, and the next message after the
database is back finds the conversation as it was.

3. A custom action whose server cannot be reached answers the visitor with the national line
instead of silence (unreachable_actions.py).

4. Rasa loads the spaCy model without its parser but with its named-entity recognizer, which no
component of ours reads (DIET runs without entities; the profile is read by our own reader): the
recognizer took half of spaCy's time per message (about 5 ms of 9–12 ms measured here). It is
disabled; tokens, lemmas, tags and vectors, hence the features the model was trained on, are the
same (a test compares them).

The fixes replace private parts of Rasa 3.6: `install()` refuses any other Rasa version, whose
code may differ, rather than patch it blindly.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import rasa
import rasa.core.agent
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.constants import DOCS_BASE_URL

from bot import unreachable_actions

logger = logging.getLogger(__name__)

FOR_RASA = "3.6."
RASAS_OWN = RemoteAction._validate_action_result
RASAS_OWN_STORE_WRAPPER = rasa.core.agent.FailSafeTrackerStore
RASAS_OWN_SPACY_LOADER = SpacyNLP.load_model
UNUSED_SPACY_PIPES = ("ner",)


@lru_cache(maxsize=1)
def _response_validator():
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, at start
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from "
            f"the Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error


def _load_spacy_model(spacy_model_name: str) -> SpacyModel:
    loaded = RASAS_OWN_SPACY_LOADER(spacy_model_name)
    for name in UNUSED_SPACY_PIPES:
        if name in loaded.model.pipe_names:
            loaded.model.disable_pipe(name)
    return loaded


def _raise(error: Exception) -> None:
    logger.error("the tracker store failed (%s): the message is not handled", error)
    raise error


class NoFallbackTrackerStore(FailSafeTrackerStore):
    """Rasa's wrapper around the tracker store, whose every error is raised: no in-memory fallback."""

    def __init__(self, tracker_store: TrackerStore, on_tracker_store_error=None, fallback_tracker_store=None) -> None:
        super().__init__(tracker_store, on_tracker_store_error or _raise, fallback_tracker_store)


def install(version: str = rasa.__version__) -> None:
    """Install the fixes; only on the Rasa they were written for."""
    if not version.startswith(FOR_RASA):
        raise RuntimeError(f"bot/rasa_fixes.py patches Rasa {FOR_RASA}x, not {version}: check the patches "
                           "against this version's RemoteAction (_validate_action_result, run), "
                           "Agent._create_tracker_store and SpacyNLP.load_model, then update FOR_RASA")
    RemoteAction._validate_action_result = _validate_action_result
    rasa.core.agent.FailSafeTrackerStore = NoFallbackTrackerStore  # what Agent._create_tracker_store wraps with
    SpacyNLP.load_model = staticmethod(_load_spacy_model)
    unreachable_actions.install()


def installed() -> bool:
    return (RemoteAction._validate_action_result is _validate_action_result
            and rasa.core.agent.FailSafeTrackerStore is NoFallbackTrackerStore
            and SpacyNLP.load_model is _load_spacy_model and unreachable_actions.installed())
