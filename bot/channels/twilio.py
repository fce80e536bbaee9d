"""SMS and WhatsApp through Twilio: Rasa's output channel, and a webhook that checks
X-Twilio-Signature (Rasa's checks nothing), applies the input guard, and turns buttons into a
numbered list: a visitor who answers "2" chooses the second button of the last question.

    credentials: bot.channels.twilio.TwilioChannel
      account_sid, auth_token, twilio_number ("+33…", or "whatsapp:+33…"), webhook_url

`webhook_url` is the public address given to Twilio (…/webhooks/twilio/webhook): Twilio signs
it, so it must be the same string. TWILIO_API_URL changes the REST API address (tests).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator

from bot.channels.platform import Handler, PlatformChannel, api_url, paragraphs, split_text, with_health_route

logger = logging.getLogger(__name__)
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)  # it logs every request at INFO
CHOOSE = "Répondez avec le numéro de votre choix."
MAX_BODY = 1600  # Twilio's limit on a message body


class TwilioReplies(TwilioOutput):
    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.http_client = TwilioHttpClient(timeout=10)
        self.api.base_url = api_url("TWILIO_API_URL", "https://api.twilio.com")

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        choices = [f"{number}. {button['title']}" for number, button in enumerate(buttons, start=1)]
        for part in split_text("\n".join([text.strip(), "", *choices, CHOOSE]), MAX_BODY):
            await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": part})

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in paragraphs(text, MAX_BODY):
            await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": part})

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        # Rasa's calls Twilio's synchronous client on the event loop, which holds up every conversation
        try:
            return await asyncio.to_thread(self.messages.create, **message_data)
        except TwilioRestException as error:
            logger.error("twilio: the message could not be sent: %s", error.msg)
            return None


def signed_params(request: Request) -> RequestParameters:
    """The form as Twilio signed it: every parameter, blank ones included (a French number's
    FromCity=, a photo's Body=). Sanic's `request.form` drops blank values, and the signature
    over what is left fails."""
    try:
        body = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return RequestParameters()
    return RequestParameters(parse_qs(body, keep_blank_values=True))


def chosen_payload(text: str, events: list[Any]) -> str:
    """The payload of button `text` ("2") of the last question, or the text as it is."""
    if not text.strip().isdigit():
        return text
    for event in reversed(events):
        if isinstance(event, UserUttered):
            break
        buttons = event.data.get("buttons") if isinstance(event, BotUttered) else None
        if buttons:
            number = int(text.strip())
            return buttons[number - 1]["payload"] if 1 <= number <= len(buttons) else text
    return text


class TwilioChannel(PlatformChannel, TwilioInput):
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials.get("account_sid"), credentials.get("auth_token"),
                   credentials.get("twilio_number"), webhook_url=credentials.get("webhook_url"))

    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None,
                 webhook_url: str | None = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.webhook_url = webhook_url

    def authentic(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        return bool(signature and self.auth_token) and RequestValidator(self.auth_token).validate(
            self.webhook_url or request.url, signed_params(request), signature)

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        handle = self.guarded(on_new_message)
        webhook = with_health_route(Blueprint("twilio_webhook", __name__))

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            sender, text = request.form.get("From"), request.form.get("Body")
            if not sender:
                return response.text("no sender", status=400)
            tracker = await request.app.ctx.agent.tracker_store.retrieve(self.pseudonym_of(sender))
            text = chosen_payload(text or "", tracker.events if tracker else [])
            try:
                await handle(UserMessage(text, self.get_output_channel(), sender, input_channel=self.name(),
                                         metadata=self.get_metadata(request)))
            except Exception:
                logger.exception("a Twilio message could not be handled")
            return response.text("", status=204)

        return self.signed(webhook)

    def get_output_channel(self) -> TwilioReplies:
        return TwilioReplies(self.account_sid, self.auth_token, self.twilio_number)
