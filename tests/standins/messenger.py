"""Meta's Graph API for Messenger (POST /v…/me/messages) and its webhook events, signed with
the app secret in X-Hub-Signature-256 and X-Hub-Signature as Meta sends them."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time

from aiohttp import web

from tests.standins.server import StandIn, post

PAGE_TOKEN = "EAAG-standin-page-access-token"
APP_SECRET = "standin-app-secret"
VERIFY_TOKEN = "standin-verify-token"
PAGE_ID = "104000000000001"
_ids = itertools.count(1)


class GraphAPI(StandIn):
    def routes(self) -> list[web.RouteDef]:
        return [web.post("/{version}/me/messages", self.answer)]

    async def answer(self, request: web.Request) -> web.Response:
        proof = hmac.new(APP_SECRET.encode(), PAGE_TOKEN.encode(), hashlib.sha256).hexdigest()
        if request.query.get("access_token") != PAGE_TOKEN or request.query.get("appsecret_proof") != proof:
            return web.json_response({"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
                                                "code": 190}}, status=400)
        body = await request.json()
        self.record("message" if "message" in body else "sender_action", body, request)
        return web.json_response({"recipient_id": body["recipient"]["id"], "message_id": f"m_{next(_ids)}"})


def _event(psid: str, message: dict) -> dict:
    now = int(time.time() * 1000)
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": now, "messaging": [{
        "sender": {"id": psid}, "recipient": {"id": PAGE_ID}, "timestamp": now, "message": message}]}]}


def text_event(psid: str, text: str) -> dict:
    return _event(psid, {"mid": f"m_in_{next(_ids)}", "text": text})


def quick_reply_event(psid: str, title: str, payload: str) -> dict:
    """The visitor tapped a quick reply: Messenger sends its title as text and its payload."""
    return _event(psid, {"mid": f"m_in_{next(_ids)}", "text": title, "quick_reply": {"payload": payload}})


def deliver(webhook: str, event: dict, secret: str = APP_SECRET) -> tuple[int, str]:
    """Meta posting an event to the page's webhook."""
    body = json.dumps(event).encode()
    return post(webhook, body, {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "X-Hub-Signature": "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()})
