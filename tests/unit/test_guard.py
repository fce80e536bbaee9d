"""What every channel refuses before the assistant reads it (bot/channels/guard.py)."""
import pytest

from bot.channels.guard import MAX_MESSAGE_CHARS, Payloads, RateLimit, check_message, payloads_of

pytestmark = pytest.mark.security

DOMAIN = payloads_of("domain.yml")  # the project's own domain: what its buttons may send


@pytest.mark.parametrize("text, problem", [
    ("", "empty"), ("   \n", "empty"), (None, "empty"), (42, "empty"),
    ("a" * (MAX_MESSAGE_CHARS + 1), "too_long"),
    ("/hack", "unknown_payload"), ('/inform{"a": ', "unknown_payload"), ("/inform[1]", "unknown_payload"),
    ('/inform[]', "unknown_payload"), ('/inform["x"]', "unknown_payload"),
])
def test_refused_with_a_polite_reply(text, problem):
    verdict = check_message(text, DOMAIN)
    assert not verdict.ok and verdict.problem == problem and verdict.reply


@pytest.mark.parametrize("text", ["bonjour", '/inform{"employment_status": "student"}', "/greet",
                                  "<script>alert(1)</script>", "👍"])
def test_accepted(text):
    assert check_message(text, DOMAIN).ok


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
    verdict = check_message("bonjour \ud800", DOMAIN)
    assert not verdict.ok and "illisible" in verdict.reply


FORGED = [
    # the outside probe's payload: raw personal data in a free-text slot, a dict as a value
    '/inform{"region": "Lyon jean.dupont@gmail.com 06 12 34 56 78", "age_group": {"a": 1}}',
    '/inform{"region": "Bretagne"}',  # a free-text slot is the reader's to fill, never a button's
    '/inform{"employment_status": "hacker"}',  # not one of the slot's values
    '/inform{"employment_status": "student", "age_group": "06 12 34 56 78"}',  # one bad value refuses all
    '/inform{"employment_status": ["student"]}', '/inform{"currently_working": "yes"}',
    '/inform{"currently_working": 1}', '/inform{"unknown_entity": "x"}',
    '/inform{"status_between": "student|job_seeker"}',  # what the NLU alone produces
    '/ask_scheme{"scheme": "jean.dupont@gmail.com"}', '/ask_scheme{"scheme": "0612345678"}',
    '/disability_answer{"disability": "' + "x" * 41 + '"}',
]


@pytest.mark.parametrize("text", FORGED)
def test_a_forged_payload_is_refused_whole(text):
    verdict = check_message(text, DOMAIN)
    assert not verdict.ok and verdict.problem == "unknown_payload" and verdict.text == ""


def test_every_button_the_assistant_sends_is_accepted():
    """Every payload of actions/messages.yml's buttons, and a button for each scheme."""
    from actions import replies
    from cep import knowledge

    def walk(node):
        if isinstance(node, dict):
            yield from ([node["payload"]] if "payload" in node else [])
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    payloads = [p for p in walk(replies.messages()) if p.startswith("/")]
    payloads += [f'/ask_scheme{{"scheme": "{key}"}}' for key in knowledge.schemes()]
    assert len(payloads) > 20
    assert all(check_message(payload, DOMAIN).ok for payload in payloads)


def test_payload_rules_follow_the_domain():
    payloads = Payloads.from_domain({
        "intents": ["inform"], "entities": ["colour", "ok", "free", "key"],
        "slots": {"colour": {"type": "categorical", "values": ["red"], "mappings": [{"type": "from_entity", "entity": "colour"}]},
                  "ok": {"type": "bool", "mappings": [{"type": "from_entity", "entity": "ok"}]},
                  "free": {"type": "text", "mappings": [{"type": "from_entity", "entity": "free"}]}}})
    assert payloads.allow("inform", {"colour": "red", "ok": False, "key": "a_key"})
    assert not payloads.allow("inform", {"colour": "blue"})
    assert not payloads.allow("inform", {"ok": "false"})
    assert not payloads.allow("inform", {"free": "anything"})
    assert not payloads.allow("greet", None)


def test_a_message_of_too_many_tokens_is_refused_politely():
    """An outside probe: 2,000 emoji held the event loop for up to 1.7 s (one token each)."""
    verdict = check_message("😀🙂" * 1000, DOMAIN)
    assert not verdict.ok and verdict.problem == "too_many_tokens" and "résumer" in verdict.reply


def test_a_run_of_one_symbol_is_cut_to_three_and_a_long_french_message_passes():
    assert check_message("merci 🙏🙏🙏🙏🙏🙏🙏 !!!!!!!!", DOMAIN).text == "merci 🙏🙏🙏 !!!"
    assert check_message("👍" * 2000, DOMAIN).text == "👍👍👍"
    narrative = ("Bonjour, j'ai 45 ans et je travaille depuis vingt ans dans la même entreprise de "
                 "logistique, en CDI, comme cariste puis chef d'équipe, et je voudrais changer. ") * 12
    assert check_message(narrative[:MAX_MESSAGE_CHARS], DOMAIN).ok
