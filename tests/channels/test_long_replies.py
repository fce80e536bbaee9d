"""A reply longer than a platform takes arrives whole, in parts it accepts, the buttons on the
last one: each output channel against its stand-in, with no Rasa server."""
import asyncio

import pytest

from bot.channels.messenger import GraphClient, MessengerReplies
from bot.channels.slack import SlackReplies
from bot.channels.telegram import TelegramReplies
from bot.channels.twilio import TwilioReplies
from tests.standins import messenger, slack, telegram, twilio

LINES = [f"{n}. Le dispositif numéro {n} vous concerne parce que " + " ".join(["votre situation le permet"] * 6)
         for n in range(1, 41)]
LONG = "\n".join(LINES)  # about 7,000 characters, one paragraph
BUTTONS = [{"title": "Parler à un conseiller", "payload": "/request_human"},
           {"title": "C'est quoi, le CEP ?", "payload": "/ask_what_is_cep"}]


@pytest.fixture
def api_urls(platforms, monkeypatch):
    monkeypatch.setenv("TELEGRAM_API_URL", platforms.telegram.url)
    monkeypatch.setenv("MESSENGER_GRAPH_URL", platforms.messenger.url)
    monkeypatch.setenv("SLACK_API_URL", platforms.slack.url + "/api")
    monkeypatch.setenv("TWILIO_API_URL", platforms.twilio.url)


def check_parts(texts: list[str], limit: int) -> None:
    assert len(texts) > 1 and all(len(t) <= limit for t in texts)
    assert "\n".join(texts).split("\n") == LINES  # nothing lost, cut at line ends


def test_telegram(platforms, api_urls):
    async def send():
        bot = TelegramReplies(telegram.TOKEN)
        await bot.send_text_with_buttons("424242", LONG, BUTTONS)
        await bot.session.close()
    asyncio.run(send())
    calls = [c for c in platforms.telegram.sent("sendMessage") if c.params["chat_id"] == "424242"]
    check_parts([c.params["text"] for c in calls], 4096)
    assert [("reply_markup" in c.params) for c in calls] == [False] * (len(calls) - 1) + [True]


def test_messenger(platforms, api_urls):
    asyncio.run(MessengerReplies(GraphClient(messenger.PAGE_TOKEN, messenger.APP_SECRET)).send_text_with_buttons("777", LONG, BUTTONS))
    sent = [c.params["message"] for c in platforms.messenger.sent("message") if c.params["recipient"]["id"] == "777"]
    check_parts([m["text"] for m in sent], 2000)
    assert [("quick_replies" in m) for m in sent] == [False] * (len(sent) - 1) + [True]


def test_slack(platforms, api_urls):
    asyncio.run(SlackReplies(slack.BOT_TOKEN, "DLONG").send_text_with_buttons("ULONG", LONG, BUTTONS))
    sent = [c.params for c in platforms.slack.sent("chat.postMessage") if c.params["channel"] == "DLONG"]
    check_parts([p["text"] for p in sent], 3000)
    assert [bool(slack.buttons(p)) for p in sent] == [False] * (len(sent) - 1) + [True]


def test_twilio(platforms, api_urls):
    number = "whatsapp:+33600000042"
    asyncio.run(TwilioReplies(twilio.ACCOUNT_SID, twilio.AUTH_TOKEN, twilio.NUMBER).send_text_message(number, LONG))
    check_parts([c.params["Body"] for c in platforms.twilio.sent("Messages") if c.params["To"] == number], 1600)
