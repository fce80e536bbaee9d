"""Rasa's SQL tracker store, minus what must not be kept.

Events are stored exactly as Rasa's SQLTrackerStore stores them (same tables, so the
counsellors' tools and the retention purge read them as usual), except:
- a visitor's message about a disability (the answer to the optional question, or "j'ai une
  RQTH" said unasked) and the assistant's reply to it, which its action marks `private`, are
  replaced by neutral placeholders (CNIL: used to orient to Cap emploi, never kept);
- a `disability` entity, and the NLU's `reading` of the message for the actions, are never
  stored, whatever message they came from;
- personal data in the visitor's text (e-mail, phone, NIR, IBAN, street address) is
  masked (bot/storage/redaction/) in `text`, `parse_data.text` and entity values;
  the bot's own messages are kept as they are.
One placeholder replaces one event, so Rasa's count of stored events stays right.
A conversation erased on request (bot/storage/retention.py, `erased_senders`) is never
written again, even when it was erased while the server handled a message in it; the visitor
can ask for it themselves ("effacez tout", then "oui"): the reply that confirms it carries
`erase_conversation` in its metadata, and saving it deletes the conversation (not barred: what
the visitor writes next starts a new conversation, kept as any other).
The database is the tracker store of endpoints.yml unless CONVERSATIONS_DB_URL is set
(bot/storage/database_url.py).
"""
from __future__ import annotations

from collections.abc import Iterator

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.storage.database_url import tune_sqlite_file, url_from_env
from bot.storage.redaction import redact
from bot.storage.retention import create_tombstones, forget_conversation, is_erased, lock_conversations

NEUTRAL_INTENT = "disability_answer"
# the disability statement, and the NLU's reading of the message for the actions (derived, used
# live, which may tell a disability question apart: cep/understanding/message_reading.py)
SENSITIVE_ENTITIES = {"disability", "reading"}
HIDDEN_REPLY = "(réponse à une question facultative, non conservée)"


def _is_private(event: Event) -> bool:
    """A bot message its action marked private (actions/turn.py): it reveals a disability answer."""
    return isinstance(event, BotUttered) and bool((event.metadata or {}).get("private"))


def _hidden_answer(event: UserUttered) -> UserUttered:
    intent = {"name": NEUTRAL_INTENT, "confidence": 1.0}
    return UserUttered(text=None, intent=intent, entities=[], parse_data={"intent": intent, "entities": []},
                       timestamp=event.timestamp, input_channel=event.input_channel,
                       message_id=event.message_id)


def _without_sensitive_entities(event: UserUttered) -> UserUttered:
    entities = [e for e in event.entities if e.get("entity") not in SENSITIVE_ENTITIES]
    if len(entities) == len(event.entities):
        return event
    parse_data = dict(event.parse_data or {}, entities=entities)
    return UserUttered(text=event.text, intent=event.intent, entities=entities, parse_data=parse_data,
                       timestamp=event.timestamp, input_channel=event.input_channel,
                       message_id=event.message_id, metadata=event.metadata)


def _redacted(event: UserUttered) -> UserUttered:
    """The visitor's message with personal data masked: text, parse data and entity values."""
    if not event.text:
        return event

    def masked_entities(entities: list[dict]) -> list[dict]:
        return [dict(e, value=redact(e["value"])) if isinstance(e.get("value"), str) else e for e in entities]

    text = redact(event.text)
    entities = masked_entities(event.entities)
    if text == event.text and entities == event.entities:
        return event
    parse_data = dict(event.parse_data or {})
    parse_data.update(text=text, entities=masked_entities(parse_data.get("entities") or []))
    return UserUttered(text=text, intent=event.intent, entities=entities, parse_data=parse_data,
                       timestamp=event.timestamp, input_channel=event.input_channel,
                       message_id=event.message_id, metadata=event.metadata)


def private_events(events: list[Event]) -> list[Event]:
    """The events as they may be stored: same number, same order. A visitor's message answered
    by a private reply is replaced by a neutral placeholder, and so is that reply."""
    stored: list[Event] = []
    for index, event in enumerate(events):
        if isinstance(event, UserUttered):
            reply = []
            for later in events[index + 1:]:
                if isinstance(later, UserUttered):
                    break
                reply.append(later)
            private = any(_is_private(e) for e in reply)
            event = _hidden_answer(event) if private else _redacted(_without_sensitive_entities(event))
        elif _is_private(event):
            event = BotUttered(text=HIDDEN_REPLY, timestamp=event.timestamp)
        stored.append(event)
    return stored


def asks_erasure(tracker: DialogueStateTracker) -> bool:
    """The assistant's reply to the latest message erases the conversation (actions/dialogue.py:
    the visitor asked for it and confirmed)."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and (event.metadata or {}).get("erase_conversation"):
            return True
    return False


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        url = url_from_env()
        if url:  # Rasa's get_db_url() takes a complete URL given as the host
            kwargs.update(host=url, login_db=None)
        super().__init__(*args, **kwargs)
        self.engine.dispose()  # the connections Rasa opened to create its table: the next ones are tuned
        tune_sqlite_file(self.engine)
        create_tombstones(self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        if asks_erasure(tracker):  # right to erasure, at the visitor's word: every copy, now
            forget_conversation(self.engine, tracker.sender_id)

    def _additional_events(self, session, tracker: DialogueStateTracker) -> Iterator:
        connection = session.connection()
        lock_conversations(connection, tracker.sender_id)  # waits for an erasure under way
        if is_erased(connection, tracker.sender_id):
            return iter(())
        already = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        # only the events not stored yet: a message's placeholder depends on the replies after it only
        return iter(private_events(list(tracker.events)[already:]))
