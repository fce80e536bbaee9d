"""What every messaging-platform channel (Telegram, Messenger, Slack, Twilio) adds to Rasa's own:

- `guarded()`: the visitor's platform address (a phone number, a chat id) becomes an opaque
  conversation id (pseudonyms.py) and the platform's metadata is dropped; then each incoming
  message goes through guard.check_message; an empty,
  oversized or unknown-payload message gets the polite reply on the same platform and is not
  processed (it never reaches the NLU, the tracker store or the logs); nor is a message that
  comes too fast in one conversation (a rate limit per conversation, as on the widget);
- `signed()`: a webhook POST whose platform signature does not check out is refused with a
  403 before anything reads it, so nothing is processed and nothing is sent;
- `split_text()`, `paragraphs()`: a long reply in parts the platform accepts;
- `api_url()`: the platform's API address, from an environment variable (the real one by
  default), so tests can point a channel at a local stand-in.

The platform modules subclass Rasa's channels and mix this in; button rendering lives there.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels.guard import RateLimit, check_message, payloads_of
from bot.channels.pseudonyms import ToRealAddress, deployment_key, pseudonym

logger = logging.getLogger(__name__)
DOMAIN = "domain.yml"
Handler = Callable[[UserMessage], Awaitable[Any]]
PER_CONVERSATION = (10, 20.0)  # messages, seconds


def api_url(variable: str, default: str) -> str:
    """The platform API's base address: `variable` from the environment, else the real one."""
    return (os.environ.get(variable) or default).rstrip("/")


def split_text(text: str, limit: int) -> list[str]:
    """`text` in parts of at most `limit` characters (a platform's message size), cut at line
    ends, else at spaces; a reply longer than the platform takes would otherwise be lost."""
    parts: list[str] = []
    current = ""
    for line in text.strip().split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit + 1)
            cut = cut if cut > 0 else limit
            parts.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        current = line
    if current:
        parts.append(current)
    return parts or [text]


def paragraphs(text: str, limit: int) -> list[str]:
    """What Rasa's channels send as separate messages (paragraphs), each cut to `limit`."""
    return [part for paragraph in text.strip().split("\n\n") for part in split_text(paragraph, limit)]


def with_health_route(blueprint: Blueprint) -> Blueprint:
    """Adds GET / answering {"status": "ok"}, as every Rasa channel has."""
    async def health(_: Request) -> Any:
        return response.json({"status": "ok"})

    blueprint.add_route(health, "/", methods=["GET"])
    return blueprint


class PlatformChannel:
    """Mixin for an InputChannel subclass; override `authentic` where the platform signs."""

    def authentic(self, request: Request) -> bool:
        raise NotImplementedError

    def pseudonym_of(self, address: object) -> str:
        """The conversation id of a platform address (bot/channels/pseudonyms.py)."""
        return pseudonym(self.name(), str(address), self._key)

    def guarded(self, on_new_message: Handler) -> Handler:
        rate_limit = RateLimit(*PER_CONVERSATION)
        self._key = deployment_key()  # at start: a deployment without it does not start

        async def handle(message: UserMessage) -> None:
            # the platform's address of the visitor (a phone number…) is never the stored id,
            # and the platform's metadata (user ids, channel names) is not stored either
            address = str(message.sender_id)
            message.sender_id = self.pseudonym_of(address)
            message.output_channel = ToRealAddress(message.output_channel, message.sender_id, address)
            message.metadata = None
            if not rate_limit.allow(str(message.sender_id)):
                logger.info("%s message refused: too fast", self.name())
                await message.output_channel.send_text_message(message.sender_id, rate_limit.reply)
                return
            verdict = check_message(message.text, payloads_of(DOMAIN))
            if not verdict.ok:
                logger.info("%s message refused: %s", self.name(), verdict.problem)
                await message.output_channel.send_text_message(message.sender_id, verdict.reply)
                return
            message.text = verdict.text
            await on_new_message(message)

        return handle

    def signed(self, blueprint: Blueprint) -> Blueprint:
        webhook = f"/{self.name()}/webhook"

        @blueprint.middleware("request")
        async def refuse_forged(request: Request) -> Any:
            if request.method == "POST" and request.path.rstrip("/").endswith(webhook) \
                    and not self.authentic(request):
                logger.warning("%s webhook refused: bad or missing signature", self.name())
                return response.text("invalid signature", status=403)
            return None

        return blueprint

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return self.signed(super().blueprint(self.guarded(on_new_message)))
