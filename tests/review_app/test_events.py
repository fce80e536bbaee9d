"""The review app's one reader of Rasa's stored events (review/events.py)."""
import json

from review.events import ActionRan, BotSaid, SessionStarted, SlotSet, UserSaid, read_events


def test_each_kind_is_read_and_what_counsellors_never_see_is_skipped():
    stored = [
        {"event": "session_started", "timestamp": 1.0},
        {"event": "user", "timestamp": 2.0, "text": "/inform{\"employment_status\": \"student\"}", "input_channel": "widget",
         "parse_data": {"intent": {"name": "inform", "confidence": 0.97},
                        "entities": [{"entity": "employment_status", "value": "student"}]}},
        {"event": "user_featurization", "timestamp": 2.1},
        {"event": "bot", "timestamp": 3.0, "text": "Et votre projet ?", "data": {"buttons": [{"title": "Une idée"}]}},
        {"event": "slot", "timestamp": 3.1, "name": "pending", "value": "project_clarity"},
        {"event": "slot", "timestamp": 3.2, "name": "employment_status", "value": "student"},
        {"event": "action", "timestamp": 3.3, "name": "action_default_fallback"},
    ]
    events = list(read_events([json.dumps(e) for e in stored] + ["not json", "null"]))
    assert [type(e) for e in events] == [SessionStarted, UserSaid, BotSaid, SlotSet, SlotSet, ActionRan]
    said = events[1]
    assert (said.button, said.channel, said.intent, said.confidence, said.entities) == (
        stored[1]["text"], "widget", "inform", 0.97, (("employment_status", "student"),))
    assert events[2].buttons == ({"title": "Une idée"},)
    assert not events[3].is_profile and events[4].is_profile
    assert events[5].is_fallback


def test_a_fallback_intent_is_a_fallback():
    fallback = {"event": "user", "text": "azerty", "parse_data": {"intent": {"name": "nlu_fallback", "confidence": 0.3}}}
    assert next(read_events([json.dumps(fallback)])).fell_back
