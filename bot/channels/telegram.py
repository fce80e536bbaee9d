"""Telegram: Rasa's channel, with the webhook's secret token checked, the input guard, and
buttons as an inline keyboard (one button a row).

    credentials: bot.channels.telegram.TelegramChannel
      access_token, verify (the bot's user name), webhook_url, secret_token

At start it registers `webhook_url` with Telegram (setWebhook) together with `secret_token`;
Telegram then sends the token back in X-Telegram-Bot-Api-Secret-Token on every update, and an
update without it is refused. Rasa's unauthenticated /set_webhook route, which would register
the webhook again without the secret, answers 404. TELEGRAM_API_URL changes the API address (tests).
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.platform import Handler, PlatformChannel, api_url, paragraphs, split_text

logger = logging.getLogger(__name__)
CALLBACK_DATA_BYTES = 64  # Telegram's limits: a button's callback data, a message's text
MAX_TEXT = 4096


class TelegramReplies(TelegramOutput):
    def __init__(self, access_token: str | None) -> None:
        # aiogram's Bot directly: Rasa's TelegramOutput.__init__ gives it no server address
        server = TelegramAPIServer.from_base(api_url("TELEGRAM_API_URL", "https://api.telegram.org"))
        super(TelegramOutput, self).__init__(access_token, server=server)
        self._me: Any = None

    async def get_me(self) -> Any:
        """Asked by Rasa's webhook on every update: asked of Telegram once."""
        if self._me is None:
            self._me = await super().get_me()
        return self._me

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        keyboard = InlineKeyboardMarkup()
        for button in buttons:
            payload = button["payload"]
            # a payload too long for Telegram is sent as the button's title, read by the NLU
            if len(payload.encode()) > CALLBACK_DATA_BYTES:
                payload = button["title"][:CALLBACK_DATA_BYTES // 4]
            keyboard.row(InlineKeyboardButton(button["title"], callback_data=payload))
        *before, last = split_text(text, MAX_TEXT)
        for part in before:
            await self.send_message(recipient_id, part)
        await self.send_message(recipient_id, last, reply_markup=keyboard)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in paragraphs(text, MAX_TEXT):
            await self.send_message(recipient_id, part)


class TelegramChannel(PlatformChannel, TelegramInput):
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials or not credentials.get("secret_token"):
            cls.raise_missing_credentials_exception()
        return cls(credentials.get("access_token"), credentials.get("verify"),
                   credentials.get("webhook_url"), secret_token=credentials["secret_token"])

    def __init__(self, access_token: str | None, verify: str | None, webhook_url: str | None,
                 secret_token: str = "") -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode=False)
        self.secret_token = secret_token

    def guarded(self, on_new_message: Handler) -> Handler:
        checked = super().guarded(on_new_message)

        async def handle(message: UserMessage) -> None:
            command = (message.text or "").split(maxsplit=1)[:1]
            if command and command[0].split("@")[0] == "/start":  # Telegram's first message
                message.text = "/greet"
            await checked(message)

        return handle

    def authentic(self, request: Request) -> bool:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        return bool(self.secret_token) and hmac.compare_digest(given.encode(), self.secret_token.encode())

    async def _register_webhook(self) -> None:
        bot = TelegramReplies(self.access_token)
        try:
            await bot.request("setWebhook", {"url": self.webhook_url, "secret_token": self.secret_token,
                                             "allowed_updates": json.dumps(["message", "callback_query"])})
        finally:
            await bot.session.close()

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def no_set_webhook(request: Request) -> HTTPResponse | None:
            # Rasa's GET /set_webhook needs no credential and registers the webhook without the
            # secret token, after which every genuine update is refused: it is not served here
            if request.path.rstrip("/").endswith("/set_webhook"):
                return response.text("not found", status=404)
            return None

        @blueprint.middleware("request")
        async def acknowledge_button(request: Request) -> None:
            # runs after the secret token was checked: stops the tapped button's spinner
            body = request.json if request.method == "POST" else None
            query = body.get("callback_query") if isinstance(body, dict) else None
            if isinstance(query, dict) and query.get("id"):
                try:
                    await self.replies.answer_callback_query(query["id"])
                except TelegramAPIError:
                    logger.warning("telegram: the button could not be acknowledged")

        return blueprint

    def get_output_channel(self) -> TelegramReplies:
        # Rasa's own calls set_webhook on a bot whose HTTP session then belongs to a closed
        # event loop; here the webhook is registered by a bot of its own, closed after.
        try:
            asyncio.run(self._register_webhook())
        except TelegramAPIError as error:
            raise RasaException(f"Failed to set the Telegram webhook: {error}") from error
        self.replies = TelegramReplies(self.access_token)
        return self.replies
