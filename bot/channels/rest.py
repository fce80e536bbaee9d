"""The REST channel (POST /webhooks/rest/webhook), hardened.

Same URL and JSON as Rasa's own `rest` channel, but a malformed request gets a clean 400
(never a 500), empty, oversized or unknown-payload messages get a polite reply without
being processed (guard.py), and so do messages that come too fast in one conversation
(429), or too fast from one address whatever the conversation ids. Only `application/json` bodies under 16 KB are read (a cross-site `no-cors` post is
text/plain), and a conversation id that is a phone number, a NIR or an IBAN is refused.
Visitor text is never written to the logs.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import REPLIES, REQUEST_ERRORS, RateLimit, check_message, exempt_addresses, payloads_of
from bot.storage.redaction import is_personal_identifier

logger = logging.getLogger(__name__)
# A conversation id, not a person's identifier: no "@" or "." (an e-mail address would be kept
# as the id, outside the redaction of the visitor's text).
_SENDER = re.compile(r"^[A-Za-z0-9_:-]{1,128}$")
PER_CONVERSATION = (30, 30.0)  # messages, seconds: far above a person, and above a scripted test dialogue
# messages, seconds, from one address, whatever the conversation ids: some fifty visitors typing
# at once behind one address (a company's or a mobile operator's NAT), not a script creating
# conversations by the hundred. Behind a reverse proxy, set SANIC_PROXIES_COUNT=1 (or
# SANIC_REAL_IP_HEADER) so that the address is the visitor's, not the proxy's.
PER_ADDRESS = (240, 60.0)
# a message is at most 2,000 characters (guard.py): its JSON, escaped, fits well within this
MAX_BODY_BYTES = 16_384


def _refused(problem: str, status: int = 400) -> HTTPResponse:
    """A request the channel cannot read: its status, and in French what to send instead (refusals.yml)."""
    return response.json({"error": REQUEST_ERRORS[problem]}, status=status)


class SafeRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SafeRestInput:
        return cls(**(credentials or {}))

    def __init__(self, domain: str = "domain.yml") -> None:
        self.domain_path = domain

    @cached_property
    def rate_limit(self) -> RateLimit:
        return RateLimit(*PER_CONVERSATION)

    @cached_property
    def address_limit(self) -> RateLimit:
        return RateLimit(*PER_ADDRESS)

    @cached_property
    def exempt(self) -> frozenset[str]:
        return exempt_addresses()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("safe_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            # a page elsewhere can post text/plain without asking (no-cors): only JSON is read
            if (request.content_type or "").split(";")[0].strip().lower() != "application/json":
                return _refused("not_json", 415)
            if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
                return _refused("too_big", 413)
            try:
                body = request.json
            except Exception:  # sanic raises on a body that is not JSON
                return _refused("not_an_object")
            if not isinstance(body, dict):
                return _refused("not_an_object")
            sender = body.get("sender")
            if not isinstance(sender, str) or not _SENDER.match(sender):
                return _refused("bad_sender")
            if is_personal_identifier(sender):  # a phone number, a NIR or an IBAN would be kept as the id
                return _refused("personal_sender")
            message = body.get("message")
            if message is not None and not isinstance(message, str):
                return _refused("bad_message")

            address = request.remote_addr or request.ip  # remote_addr: the proxy's forwarded address, if trusted
            if address not in self.exempt and not self.address_limit.allow(address):
                logger.info("rest message refused: too many from one address")
                return response.json([{"recipient_id": sender, "text": self.rate_limit.reply}], status=429)
            if not self.rate_limit.allow(sender):
                logger.info("rest message refused: too fast")
                return response.json([{"recipient_id": sender, "text": self.rate_limit.reply}], status=429)
            verdict = check_message(message, payloads_of(self.domain_path))
            if not verdict.ok:
                logger.info("rest message refused: %s", verdict.problem)
                return response.json([{"recipient_id": sender, "text": verdict.reply}])

            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(verdict.text, collector, sender,
                                                 input_channel=self.name()))
            except Exception:
                logger.exception("rest message could not be handled")
                return response.json(
                    [{"recipient_id": sender,
                      "text": REPLIES["technical_problem"]}],
                    status=503)
            return response.json(collector.messages)

        return webhook
