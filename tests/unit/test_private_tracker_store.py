"""What the tracker store never keeps: a disability answer, marked by the private reply it gets."""
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from bot.storage.private_tracker_store import HIDDEN_REPLY, private_events


def user(text, intent, entities=()):
    return UserUttered(text, {"name": intent, "confidence": 0.9}, list(entities))


def test_the_disability_answer_and_its_reply_are_not_kept():
    events = [
        user("je suis au chômage et je veux devenir boulanger", "inform",
             [{"entity": "employment_status", "value": "job_seeker"}]),
        ActionExecuted("action_turn"), BotUttered("Le CEP est fait pour vous…"), BotUttered("êtes-vous en situation de handicap ?"),
        ActionExecuted("action_listen"),
        user("oui j'ai une RQTH", "disability_answer", [{"entity": "disability", "value": "yes"}]),
        ActionExecuted("action_turn"), BotUttered("Cap emploi peut vous accompagner…", metadata={"private": True}),
        SlotSet("pending", "summary_check"), BotUttered("Voici le résumé de votre demande"),
        ActionExecuted("action_listen"),
    ]
    stored = private_events(events)
    assert len(stored) == len(events)
    answer = stored[5]
    assert answer.text is None and answer.intent_name == "disability_answer" and answer.entities == []
    assert stored[7].text == HIDDEN_REPLY
    assert stored[9].text == "Voici le résumé de votre demande"
    assert stored[0].entities == events[0].entities


def test_a_message_not_answered_privately_is_kept_without_a_disability_entity():
    events = [ActionExecuted("action_turn"), ActionExecuted("action_listen"),
              user("je veux parler à un conseiller, j'ai un handicap", "request_human",
                   [{"entity": "disability", "value": "yes"}]),
              SlotSet("handoff_given", True)]
    stored = private_events(events)
    assert stored[2].text == events[2].text and stored[2].entities == []


def test_a_conversation_the_visitor_asked_to_erase_is_deleted_as_the_reply_is_saved(tmp_path):
    import asyncio

    import sqlalchemy as sa
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.storage.private_tracker_store import PrivateSQLTrackerStore

    store = PrivateSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "c.db"))
    tracker = DialogueStateTracker.from_events("visitor-1", [
        UserUttered("je suis salariée chez Orange", {"name": "inform"}), BotUttered("C'est noté."),
        UserUttered("effacez tout", {"name": "ask_data"}), BotUttered("Voulez-vous que j'efface…")])
    asyncio.run(store.save(tracker))
    other = DialogueStateTracker.from_events("visitor-2", [UserUttered("bonjour", {"name": "greet"})])
    asyncio.run(store.save(other))

    def stored(sender: str) -> int:
        with store.engine.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()

    assert stored("visitor-1") == 4
    tracker.update(UserUttered("oui", {"name": "affirm"}))
    tracker.update(BotUttered("C'est fait : notre échange est effacé", metadata={"erase_conversation": True}))
    asyncio.run(store.save(tracker))
    assert stored("visitor-1") == 0 and stored("visitor-2") == 1
    again = DialogueStateTracker.from_events("visitor-1", [UserUttered("bonjour", {"name": "greet"})])
    asyncio.run(store.save(again))
    assert stored("visitor-1") == 1  # what follows is a new conversation, kept as any other


def test_a_conversation_saved_message_by_message_is_stored_as_if_saved_at_once(tmp_path):
    """Each save redacts only the events not stored yet: what is stored is the same, private reply,
    masked phone number and all, and the SQLite file is in write-ahead-log mode."""
    import asyncio
    import json

    import sqlalchemy as sa
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.storage.private_tracker_store import PrivateSQLTrackerStore

    store = PrivateSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "c.db"))
    turns = [
        [user("je suis salariée, appelez-moi au 06 12 34 56 78", "inform"), BotUttered("C'est noté.")],
        [user("oui j'ai une RQTH", "disability_answer", [{"entity": "disability", "value": "yes"}]),
         BotUttered("Cap emploi peut vous accompagner…", metadata={"private": True})],
        [user("merci", "thank"), BotUttered("Avec plaisir !")],
    ]
    tracker = DialogueStateTracker.from_events("visitor-1", [])
    for turn in turns:
        for event in turn:
            tracker.update(event)
        asyncio.run(store.save(tracker))
    with store.engine.connect() as connection:
        rows = [json.loads(data) for (data,) in connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id = 'visitor-1' ORDER BY id"))]
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    at_once = [event.as_dict() for event in private_events([e for turn in turns for e in turn])]
    assert [(r["event"], r.get("text")) for r in rows] == [(e["event"], e.get("text")) for e in at_once]
    assert "06 12 34 56 78" not in json.dumps(rows) and rows[2]["text"] is None and rows[3]["text"] == HIDDEN_REPLY
    assert mode == "wal"
