"""A custom action whose server cannot be reached (bot/unreachable_actions.py): the visitor gets the
national line instead of silence, a session starts without it, and the message's slots are put
back as they were; an action server that answers with an error is left to Rasa, as before."""
import asyncio

import pytest
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, FollowupAction, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot import unreachable_actions
from cep.knowledge import national
from scripts.servers import free_port
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


class Answering(EndpointConfig):
    """An action server (or the proxy in front of it) that answers every call with `status`."""

    def __init__(self, status: int, body: str = "") -> None:
        super().__init__("http://127.0.0.1:1/webhook")
        self.status, self.body = status, body

    async def request(self, *args, **kwargs):
        raise ClientResponseError(self.status, "error", self.body)


@pytest.fixture(autouse=True)
def installed(monkeypatch):
    monkeypatch.setattr(RemoteAction, "run", unreachable_actions.run)


def run(action: str, tracker: DialogueStateTracker, endpoint: EndpointConfig | None = None) -> list:
    endpoint = endpoint or EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook")  # nobody listens there
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    return asyncio.run(RemoteAction(action, endpoint).run(CollectingOutputChannel(), nlg, tracker, DOMAIN))


def conversation(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("c1", [ActionExecuted("action_listen"), *events], slots=DOMAIN.slots)


def test_the_turn_says_it_cannot_answer_gives_the_national_line_and_listens():
    events = run("action_turn", conversation(UserUttered("bonjour", {"name": "greet", "confidence": 1.0})))
    assert events == [BotUttered(unreachable_actions.reply_text()), FollowupAction("action_listen")]
    assert national().phone in events[0].text and national().website in events[0].text
    assert "{" not in events[0].text


def test_a_session_starts_without_the_action_server_and_without_a_second_message():
    events = run("action_session_start", conversation())
    assert isinstance(events[0], SessionStarted) and events[-1] == ActionExecuted("action_listen")
    assert not [e for e in events if isinstance(e, BotUttered)]


def test_the_slots_read_from_the_message_are_put_back_as_they_were():
    tracker = conversation(
        UserUttered("je suis étudiant", {"name": "inform", "confidence": 1.0}), SlotSet("employment_status", "student"),
        ActionExecuted("action_turn"), ActionExecuted("action_listen"),
        UserUttered("en fait je suis cadre retraité", {"name": "inform", "confidence": 1.0}),
        SlotSet("employment_status", "retired"), SlotSet("cadre", True))  # what Rasa read, to be validated
    assert run("action_validate_slot_mappings", tracker) == [SlotSet("employment_status", "student"),
                                                             SlotSet("cadre", None)]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_proxy_with_no_action_server_up_counts_as_unreachable(status):
    events = run("action_turn", conversation(), Answering(status))
    assert events[0] == BotUttered(unreachable_actions.reply_text())


def test_an_action_server_that_answers_with_an_error_is_left_to_rasa():
    with pytest.raises(RasaException, match="Failed to execute custom action"):
        run("action_turn", conversation(), Answering(500))
    with pytest.raises(ActionExecutionRejection):
        run("action_turn", conversation(), Answering(400, '{"action_name": "action_turn", "error": "no"}'))
