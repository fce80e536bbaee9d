"""Which channels the environment switches on, and the platform-specific renderings that need
no server (the end-to-end tests are in tests/channels)."""
import pytest
import yaml
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.channels.enabled import MissingVariables, enabled_channels, write_credentials
from bot.channels.messenger import short_title
from bot.channels.platform import paragraphs, split_text
from bot.channels.twilio import chosen_payload

SLACK = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}


def test_no_variable_no_messaging_channel(tmp_path):
    target = tmp_path / "credentials.yml"
    assert write_credentials(target, {}) == []
    assert "bot.channels.rest.SafeRestInput" in yaml.safe_load(target.read_text())


def test_a_channel_is_on_with_its_variables_and_its_secrets_stay_out_of_the_file(tmp_path):
    target = tmp_path / "credentials.yml"
    assert write_credentials(target, SLACK) == ["bot.channels.slack.SlackChannel"]
    written = yaml.safe_load(target.read_text())
    assert written["bot.channels.slack.SlackChannel"]["slack_signing_secret"] == "${SLACK_SIGNING_SECRET}"
    assert "s3cret" not in target.read_text() and "bot.channels.socketio.WidgetSocketIOInput" in written


def test_a_half_configured_channel_names_what_is_missing():
    with pytest.raises(MissingVariables, match="MESSENGER_APP_SECRET"):
        enabled_channels({"MESSENGER_PAGE_ACCESS_TOKEN": "t", "MESSENGER_VERIFY_TOKEN": "v"})


def test_messenger_titles_fit_its_twenty_characters():
    assert short_title("Agent public") == "Agent public"
    shortened = short_title("Indépendant(e), à mon compte")
    assert len(shortened) <= 20 and shortened.startswith("Indépendant(e)") and shortened.endswith("…")


QUESTION = BotUttered("Votre situation ?", data={"buttons": [
    {"title": "Salarié(e) du privé", "payload": '/inform{"employment_status": "private_employee"}'},
    {"title": "Agent public", "payload": '/inform{"employment_status": "public_employee"}'}]})


@pytest.mark.parametrize(("text", "events", "expected"), [
    ("2", [UserUttered("bonjour"), QUESTION, ActionExecuted("action_listen")],
     '/inform{"employment_status": "public_employee"}'),
    (" 1 ", [QUESTION], '/inform{"employment_status": "private_employee"}'),
    ("3", [QUESTION], "3"),  # no third choice: read as text
    ("2", [QUESTION, UserUttered("je suis salarié"), BotUttered("Merci.")], "2"),  # the buttons are past
    ("je suis agent public", [QUESTION], "je suis agent public"),
])
def test_a_twilio_number_answers_the_last_question(text, events, expected):
    assert chosen_payload(text, events) == expected


def test_a_long_text_is_cut_at_line_ends_then_at_spaces():
    assert split_text("court", 10) == ["court"]
    assert split_text("une ligne\ndeux lignes\ntrois", 21) == ["une ligne\ndeux lignes", "trois"]
    words = split_text("un deux trois quatre cinq", 10)
    assert words == ["un deux", "trois", "quatre", "cinq"] and all(len(w) <= 10 for w in words)
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_paragraphs_are_separate_messages():
    assert paragraphs("Bonjour.\n\nVotre situation ?", 100) == ["Bonjour.", "Votre situation ?"]
