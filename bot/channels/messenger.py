"""Facebook Messenger: Rasa's channel, with the webhook signature checked on X-Hub-Signature-256
(or the older X-Hub-Signature), the input guard, and buttons as Messenger quick replies.

    credentials: bot.channels.messenger.MessengerChannel
      verify, secret (the app secret), page-access-token

Webhook: GET answers Meta's verification (hub.verify_token), POST receives the events.
MESSENGER_GRAPH_URL changes the Graph API address (tests).
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from typing import Any

from fbmessenger import MessengerClient
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.platform import Handler, PlatformChannel, api_url, paragraphs, split_text, with_health_route

logger = logging.getLogger(__name__)
TIMEOUT = 10
MAX_QUICK_REPLIES = 13  # Messenger's limits
MAX_TITLE_CHARS = 20
MAX_TEXT = 2000


class GraphClient(MessengerClient):
    """fbmessenger's client on the configured Graph API address, with a timeout on each call
    and the appsecret_proof that Meta asks for when "Require App Secret" is on."""

    def __init__(self, page_access_token: str, app_secret: str) -> None:
        super().__init__(page_access_token, app_secret=app_secret)
        self.graph_url = f"{api_url('MESSENGER_GRAPH_URL', 'https://graph.facebook.com')}/v{self.api_version}"

    def send(self, payload: Any, recipient_id: str, messaging_type: str = "RESPONSE",
             notification_type: str = "REGULAR", timeout: float | None = TIMEOUT, tag: str | None = None) -> Any:
        return super().send(payload, recipient_id, messaging_type, notification_type, timeout, tag)

    def send_action(self, sender_action: Any, recipient_id: str, timeout: float | None = TIMEOUT) -> Any:
        return super().send_action(sender_action, recipient_id, timeout)


def short_title(title: str) -> str:
    if len(title) <= MAX_TITLE_CHARS:
        return title
    return title[:MAX_TITLE_CHARS - 1].rstrip(" ,") + "…"


class MessengerReplies(MessengerBot):
    """Texts cut to Messenger's size, buttons as quick replies, and the Graph API called in a
    thread (fbmessenger's client is synchronous: it would hold up every conversation)."""

    async def _post(self, recipient_id: str, message: dict[str, Any]) -> None:
        result = await asyncio.to_thread(self.messenger_client.send, message, recipient_id, "RESPONSE")
        if isinstance(result, dict) and result.get("error"):
            logger.error("messenger: the Graph API refused a message: %s", result["error"].get("message"))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in paragraphs(text, MAX_TEXT):
            await self._post(recipient_id, {"text": part})

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        quick_replies = [{"content_type": "text", "title": short_title(b["title"]), "payload": b["payload"]}
                         for b in buttons[:MAX_QUICK_REPLIES]]
        *before, last = split_text(text, MAX_TEXT)
        for part in before:
            await self._post(recipient_id, {"text": part})
        await self._post(recipient_id, {"text": last, "quick_replies": quick_replies})


class PageMessenger(Messenger):
    def __init__(self, client: GraphClient, on_new_message: Handler) -> None:
        super().__init__(client.page_access_token, on_new_message)
        self.client = client

    async def handle(self, payload: dict, metadata: dict[str, Any] | None) -> None:
        """Every event of the batch Meta sends (Rasa's reads the first one only)."""
        for entry in payload.get("entry") or []:
            for event in entry.get("messaging") or []:
                self.last_message = event
                if event.get("message"):
                    await self.message(event, metadata)
                elif event.get("postback"):
                    await self.postback(event, metadata)

    async def _handle_user_message(self, text: str, sender_id: str, metadata: dict[str, Any] | None) -> None:
        out_channel = MessengerReplies(self.client)
        try:
            await self.on_new_message(UserMessage(text, out_channel, sender_id, input_channel=self.name(),
                                                  metadata=metadata))
        except Exception:
            logger.exception("a Messenger message could not be handled")


class MessengerChannel(PlatformChannel, FacebookInput):
    def authentic(self, request: Request) -> bool:
        for header, algorithm in (("X-Hub-Signature-256", hashlib.sha256), ("X-Hub-Signature", hashlib.sha1)):
            given = request.headers.get(header)
            if given:
                expected = "sha256=" if algorithm is hashlib.sha256 else "sha1="
                expected += hmac.new(self.fb_secret.encode(), request.body, algorithm).hexdigest()
                return bool(self.fb_secret) and hmac.compare_digest(given.encode(), expected.encode())
        return False

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        handle = self.guarded(on_new_message)
        webhook = with_health_route(Blueprint("messenger_webhook", __name__))

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            given = request.args.get("hub.verify_token", "")
            if self.fb_verify and hmac.compare_digest(given.encode(), self.fb_verify.encode()):
                return response.text(request.args.get("hub.challenge", ""))
            return response.text("invalid verify token", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json
            if not isinstance(body, dict) or not isinstance(body.get("entry"), list):
                return response.text("not a Messenger event", status=400)
            messenger = PageMessenger(GraphClient(self.fb_access_token, self.fb_secret), handle)
            await messenger.handle(body, self.get_metadata(request))
            return response.text("success")

        return self.signed(webhook)

    def get_output_channel(self) -> MessengerReplies:
        return MessengerReplies(GraphClient(self.fb_access_token, self.fb_secret))
