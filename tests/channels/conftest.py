"""One Rasa server for the session with every messaging channel switched on by environment
variables, each pointed at the local stand-in of its platform's API."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from scripts.servers import ROOT, Assistant, running_assistant
from tests.standins import messenger, slack, telegram, twilio
from tests.standins.server import StandIn

LOGS = ROOT / "results" / "channels"
TELEGRAM_WEBHOOK = "https://cep.example.org/webhooks/telegram/webhook"


@dataclass
class Platforms:
    telegram: StandIn
    messenger: StandIn
    slack: StandIn
    twilio: StandIn


@pytest.fixture(scope="session")
def platforms():
    running = Platforms(telegram.TelegramAPI().start(), messenger.GraphAPI().start(), slack.SlackAPI().start(),
                        twilio.TwilioAPI().start())
    yield running
    for standin in vars(running).values():
        standin.stop()


@pytest.fixture(scope="session")
def assistant(platforms):
    env = {
        "TELEGRAM_TOKEN": telegram.TOKEN, "TELEGRAM_BOT_NAME": telegram.BOT_NAME,
        "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK, "TELEGRAM_SECRET_TOKEN": telegram.SECRET,
        "TELEGRAM_API_URL": platforms.telegram.url,
        "MESSENGER_PAGE_ACCESS_TOKEN": messenger.PAGE_TOKEN, "MESSENGER_VERIFY_TOKEN": messenger.VERIFY_TOKEN,
        "MESSENGER_APP_SECRET": messenger.APP_SECRET, "MESSENGER_GRAPH_URL": platforms.messenger.url,
        "SLACK_BOT_TOKEN": slack.BOT_TOKEN, "SLACK_SIGNING_SECRET": slack.SIGNING_SECRET,
        "SLACK_API_URL": platforms.slack.url + "/api",
        "TWILIO_ACCOUNT_SID": twilio.ACCOUNT_SID, "TWILIO_AUTH_TOKEN": twilio.AUTH_TOKEN,
        "TWILIO_NUMBER": twilio.NUMBER, "TWILIO_WEBHOOK_URL": twilio.PUBLIC_WEBHOOK,
        "TWILIO_API_URL": platforms.twilio.url,
    }
    LOGS.mkdir(parents=True, exist_ok=True)  # kept after the run, unlike pytest's rotated temp dirs
    with running_assistant(LOGS, env=env) as running:
        yield running


def webhook(assistant: Assistant, channel: str) -> str:
    return f"{assistant.url}/webhooks/{channel}/webhook"


def user_texts(assistant: Assistant, channel: str, address: object) -> list[str]:
    """What the assistant processed from this visitor (their conversation's user events)."""
    tracker = assistant.tracker(assistant.conversation_of(channel, address))
    return [event.get("text") for event in tracker["events"] if event["event"] == "user"]


def employment_status(assistant: Assistant, channel: str, address: object, awaited: str) -> str | None:
    """The visitor's stored status, once it is `awaited` or after a few seconds (the platform gets
    the reply before Rasa saves the tracker)."""
    expected = {"employment_status": awaited}
    return assistant.slots_once(assistant.conversation_of(channel, address), expected)["employment_status"]
