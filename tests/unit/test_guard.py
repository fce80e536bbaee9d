"""What every channel refuses before the assistant reads it (bot/channels/guard.py)."""
import pytest

from bot.channels.guard import MAX_MESSAGE_CHARS, RateLimit, check_message

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


def test_a_flood_is_slowed_down_per_key_and_forgiven_after_the_window():
    limit = RateLimit(limit=3, window=10)
    assert [limit.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limit.allow("b", now=3)  # another conversation is not affected
    assert not limit.allow("a", now=9.9)
    assert limit.allow("a", now=10.5)  # the first message left the window
    assert "attendez" in limit.reply


def test_the_rate_limit_forgets_the_oldest_keys_beyond_its_size():
    limit = RateLimit(limit=1, window=60, max_keys=2)
    limit.allow("a", now=0)
    limit.allow("b", now=0)
    limit.allow("c", now=0)
    assert limit.allow("a", now=1)  # forgotten, so allowed again: memory stays bounded


def test_a_lone_surrogate_is_refused_politely():
    verdict = check_message("bonjour \ud800", ["greet"])
    assert not verdict.ok and "illisible" in verdict.reply
