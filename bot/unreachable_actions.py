"""When no action server can be reached, the visitor still gets an answer: the assistant says it
cannot reply now and gives the national line (unreachable_actions.yml), and listens again.

Rasa 3.6, when a custom action's server does not answer (connection refused, HAProxy's 503 with
every action server down, a timeout), logs the error, drops the action's events and predicts
again: the visitor gets an empty reply, the conversation records action_turn ten times in a row
and never listens, and the slots read from the message are set without their validation. Here a
custom action whose server cannot be reached returns instead:
- action_session_start: Rasa's own session start (no welcome: the reply below follows at once);
- action_validate_slot_mappings: every slot read from the message put back as it was (nothing
  unvalidated is kept; the message changes nothing);
- any other action (action_turn): the reply below, then action_listen.
An action server that answers with an error (a bug in an action, a 400 rejection) is handled as
Rasa handles it. Installed with the other fixes to Rasa when our Rasa server starts (rasa_fixes.py).
"""
from __future__ import annotations

import asyncio
import logging
from functools import cache
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from rasa.core.actions.action import ActionExecutionRejection, ActionSessionStart, RemoteAction
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME, ACTION_VALIDATE_SLOT_MAPPINGS
from rasa.shared.core.events import BotUttered, Event, FollowupAction, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError

from cep.knowledge import national

logger = logging.getLogger(__name__)

TEXTS = Path(__file__).with_name("unreachable_actions.yml")
# what a proxy in front of the action servers (HAProxy) answers when none of them is up
PROXY_STATUSES = frozenset({502, 503, 504})
RASAS_OWN_RUN = RemoteAction.run


@cache
def reply_text() -> str:
    line = national()
    return yaml.safe_load(TEXTS.read_text(encoding="utf-8"))["reply"].format(phone=line.phone, website=line.website)


def unreachable(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) says the action server could not be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, ActionExecutionRejection):
            return False
        if isinstance(error, aiohttp.ClientConnectionError | asyncio.TimeoutError):
            return True
        if isinstance(error, ClientResponseError):
            return error.status in PROXY_STATUSES
        error = error.__cause__ or error.__context__
    return False


def slots_as_they_were(tracker: DialogueStateTracker, domain: Any) -> list[Event]:
    """For the validation: each slot read from the message (the SlotSet events Rasa appended to the
    tracker it sends) set back to its value before the message."""
    events = list(tracker.events)
    read = 0
    while read < len(events) and isinstance(events[len(events) - 1 - read], SlotSet):
        read += 1
    if not read:
        return []
    before = DialogueStateTracker.from_events(tracker.sender_id, events[:-read], slots=domain.slots)
    return [SlotSet(event.key, before.get_slot(event.key)) for event in events[-read:]]


async def run(self: RemoteAction, output_channel, nlg, tracker: DialogueStateTracker, domain) -> list[Event]:
    try:
        return await RASAS_OWN_RUN(self, output_channel, nlg, tracker, domain)
    except (RasaException, asyncio.TimeoutError) as error:
        if not unreachable(error):
            raise
        logger.error("the action server cannot be reached (%s): %s answered without it", error, self.name())
    if self.name() == ACTION_SESSION_START_NAME:
        return await ActionSessionStart().run(output_channel, nlg, tracker, domain)
    if self.name() == ACTION_VALIDATE_SLOT_MAPPINGS:
        return slots_as_they_were(tracker, domain)
    return [BotUttered(reply_text()), FollowupAction(ACTION_LISTEN_NAME)]


def install() -> None:
    RemoteAction.run = run


def installed() -> bool:
    return RemoteAction.run is run
