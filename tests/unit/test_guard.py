"""What every channel refuses before the assistant reads it (bot/channels/guard.py)."""
import pytest

from bot.channels.guard import MAX_MESSAGE_CHARS, check_message

INTENTS = {"inform", "greet"}


@pytest.mark.parametrize("text, problem", [
    ("", "empty"), ("   \n", "empty"), (None, "empty"), (42, "empty"),
    ("a" * (MAX_MESSAGE_CHARS + 1), "too_long"),
    ("/hack", "unknown_payload"), ('/inform{"a": ', "unknown_payload"), ("/inform[1]", "unknown_payload"),
    ('/inform[]', "unknown_payload"), ('/inform["x"]', "unknown_payload"),
])
def test_refused_with_a_polite_reply(text, problem):
    verdict = check_message(text, INTENTS)
    assert not verdict.ok and verdict.problem == problem and verdict.reply


@pytest.mark.parametrize("text", ["bonjour", '/inform{"employment_status": "student"}', "/greet",
                                  "<script>alert(1)</script>", "👍"])
def test_accepted(text):
    assert check_message(text, INTENTS).ok
