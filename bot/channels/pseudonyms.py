"""Opaque conversation ids for the messaging platforms.

A platform names its user by something personal: Twilio by the phone number, Telegram by the
chat id, Messenger by the page-scoped id, Slack by the member id. Used as Rasa's sender id it
would be stored with every event, shown to counsellors and written to the audit log. Here it
becomes a keyed hash (HMAC-SHA256 with SENDER_ID_KEY, a secret of the deployment):

    pseudonym("twilio", "whatsapp:+33612345678", key)  ->  "twilio-5f0c…" (32 hex digits)

The same person keeps the same conversation; without the key nobody can go back from the id
to the number, nor test a guessed number against it. The real address lives only in the
memory of the request that answers it: `ToRealAddress` sends the replies there.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any

from rasa.core.channels.channel import OutputChannel

KEY_VARIABLE = "SENDER_ID_KEY"


def deployment_key() -> str:
    key = os.environ.get(KEY_VARIABLE, "")
    if len(key) < 16:
        raise SystemExit(f"{KEY_VARIABLE} is not set (or shorter than 16 characters): the messaging "
                         "channels need it to hide the visitors' numbers; run `make setup`, which writes one into .env")
    return key


def pseudonym(platform: str, address: str, key: str) -> str:
    digest = hmac.new(key.encode(), f"{platform}:{address}".encode(), hashlib.sha256).hexdigest()
    return f"{platform}-{digest[:32]}"


class ToRealAddress(OutputChannel):
    """A platform's output channel for one visitor, addressed by pseudonym: replies to the
    pseudonym go to the real address; anything else (a Slack channel id) as it is."""

    def __init__(self, inner: OutputChannel, pseudonym_id: str, address: str) -> None:
        self.inner, self.pseudonym_id, self.address = inner, pseudonym_id, address

    def name(self) -> str:
        return self.inner.name()

    def _to(self, recipient_id: str) -> str:
        return self.address if recipient_id == self.pseudonym_id else recipient_id

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.inner.send_response(self._to(recipient_id), message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.inner.send_text_message(self._to(recipient_id), text, **kwargs)
