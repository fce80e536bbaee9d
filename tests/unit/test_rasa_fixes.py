"""Our fixes to Rasa (bot/rasa_fixes.py): installed when our Rasa server starts, only on Rasa 3.6;
action-server responses validated against a schema checked once, not at every call; a tracker
store that fails fails the message, it does not start the conversation afresh in memory."""
import asyncio
import os
import sys

import jsonschema.validators
import pytest
import rasa.core.agent
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot import rasa_fixes, rasa_server, unreachable_actions


@pytest.fixture
def rasas_own_method(monkeypatch):
    """Rasa's own code back in place for the test, and after it, whatever a test installs."""
    monkeypatch.setattr(RemoteAction, "_validate_action_result", rasa_fixes.RASAS_OWN)
    monkeypatch.setattr(RemoteAction, "run", unreachable_actions.RASAS_OWN_RUN)
    monkeypatch.setattr(rasa.core.agent, "FailSafeTrackerStore", rasa_fixes.RASAS_OWN_STORE_WRAPPER)
    monkeypatch.setattr(SpacyNLP, "load_model", staticmethod(rasa_fixes.RASAS_OWN_SPACY_LOADER))


def test_our_rasa_server_installs_the_fix_before_rasa_runs(rasas_own_method, monkeypatch):
    seen = {}
    monkeypatch.setenv("RASA_AUTH_TOKEN", "t0k3n")
    monkeypatch.setenv("SANIC_REQUEST_MAX_SIZE", "")
    monkeypatch.delenv("SANIC_REQUEST_MAX_SIZE")
    monkeypatch.setattr(sys, "argv", ["bot.rasa_server", "--enable-api"])
    monkeypatch.setattr("rasa.__main__.main", lambda: seen.update(installed=rasa_fixes.installed(), argv=sys.argv))
    assert not rasa_fixes.installed()
    rasa_server.main()
    assert seen == {"installed": True, "argv": ["rasa", "run", "--enable-api", "--response-timeout", "30",
                                                  "--auth-token=t0k3n"]}
    assert os.environ["SANIC_REQUEST_MAX_SIZE"] == "1048576"  # bodies over 1 MB refused unread


@pytest.mark.parametrize("token", ["-PwvSZ0vlwZhXrAplDwMEw8pFjsrEwYJ", "--x", "t0k3n"])
def test_a_token_that_begins_with_a_dash_is_still_the_token(token):
    """secrets.token_urlsafe begins with "-" once in 64: Rasa's own parser then refused to start."""
    from rasa.__main__ import create_argument_parser

    arguments = create_argument_parser().parse_args(rasa_server.rasa_argv(["--enable-api"], token)[1:])
    assert arguments.auth_token == token


def test_spacy_runs_without_its_entity_recognizer_and_gives_the_same_tokens(rasas_own_method):
    """The features DIET was trained on (tokens, lemmas, tags, vectors) do not change."""
    texts = ["Je suis salariée chez Renault à Douai et je voudrais devenir infirmière.",
             "jsuis au chomage dpuis 6 mois", "Paris, Lyon ou Marseille ? aucune idée"]
    rasas = SpacyNLP.load_model("fr_core_news_md").model
    rasa_fixes.install()
    ours = SpacyNLP.load_model("fr_core_news_md").model
    assert "ner" in rasas.pipe_names and "ner" not in ours.pipe_names
    entities = []
    for text in texts:
        theirs, mine = rasas(text.lower()), ours(text.lower())
        assert [(t.text, t.lemma_, t.pos_, t.tag_) for t in theirs] == [(t.text, t.lemma_, t.pos_, t.tag_) for t in mine]
        assert (theirs.vector == mine.vector).all()
        assert not mine.ents
        entities += theirs.ents
    assert entities  # places and companies Rasa's spaCy found, and nothing read


def test_another_rasa_version_is_refused(rasas_own_method):
    with pytest.raises(RuntimeError, match="3.6"):
        rasa_fixes.install("3.7.0")
    assert not rasa_fixes.installed()


def test_the_schema_is_checked_once_and_responses_at_every_call(rasas_own_method, monkeypatch):
    rasa_fixes.install()
    checks = []
    cls = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, schema, *a, **k: checks.append(schema)))
    rasa_fixes._response_validator.cache_clear()
    action = RemoteAction("action_x", None)
    for _ in range(5):
        assert action._validate_action_result({"events": [], "responses": [{"text": "ok"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
    assert len(checks) == 1  # Rasa's own jsonschema.validate() checks the schema at every call: 6 here


class DatabaseDown(InMemoryTrackerStore):
    async def retrieve(self, sender_id):
        raise ConnectionError("the database is down")

    async def save(self, tracker):
        raise ConnectionError("the database is down")


def test_a_tracker_store_that_fails_fails_the_message_instead_of_starting_afresh_in_memory(rasas_own_method):
    domain = Domain.empty()
    rasas_own = Agent._create_tracker_store(DatabaseDown(domain), domain)
    assert asyncio.run(rasas_own.retrieve("c1")) is None  # Rasa's own: a new conversation, the welcome again…
    asyncio.run(rasas_own.save(DialogueStateTracker("c1", [])))  # …kept in the server's memory only
    assert asyncio.run(rasas_own.fallback_tracker_store.retrieve("c1")) is not None

    rasa_fixes.install()
    store = Agent._create_tracker_store(DatabaseDown(domain), domain)
    with pytest.raises(ConnectionError):
        asyncio.run(store.retrieve("c1"))
    with pytest.raises(ConnectionError):
        asyncio.run(store.save(DialogueStateTracker("c1", [])))
    assert asyncio.run(store.fallback_tracker_store.retrieve("c1")) is None
