"""Slack's Web API (chat.postMessage) and its Events API and Interactivity requests, signed with
the signing secret (v0 scheme, with the request timestamp) as Slack sends them."""
from __future__ import annotations

import itertools
import json
import time
import urllib.parse

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from tests.standins.server import StandIn, post

BOT_TOKEN = "xoxb-standin-bot-token"
SIGNING_SECRET = "standin-signing-secret"
TEAM = "T0STANDIN"
_ts = itertools.count(1)


def _timestamp() -> str:
    return f"{time.time():.6f}"


class SlackAPI(StandIn):
    def routes(self) -> list[web.RouteDef]:
        return [web.post("/api/{method}", self.answer)]

    async def answer(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        params = await request.json() if request.content_type == "application/json" else dict(await request.post())
        method = request.match_info["method"]
        self.record(method, params, request)
        ts = f"{int(time.time())}.{next(_ts):06d}"
        return web.json_response({"ok": True, "channel": params.get("channel"), "ts": ts,
                                  "message": {"type": "message", "text": params.get("text", ""), "ts": ts,
                                              "bot_id": "B0STANDIN"}})


def _sign(body: bytes, secret: str, timestamp: str) -> dict[str, str]:
    """Signed as Slack signs, with Slack's own SDK (slack_sdk's SignatureVerifier)."""
    return {"X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)}


def message_event(user: str, channel: str, text: str) -> dict:
    """A direct message to the app (Events API)."""
    return {"token": "legacy", "team_id": TEAM, "api_app_id": "A0STANDIN", "type": "event_callback",
            "event_id": f"Ev{next(_ts)}", "event_time": int(time.time()), "authorizations": [{"user_id": "U0BOT"}],
            "event": {"type": "message", "channel_type": "im", "user": user, "channel": channel, "text": text,
                      "ts": _timestamp()}}


def deliver_event(webhook: str, event: dict, secret: str = SIGNING_SECRET,
                  timestamp: str | None = None) -> tuple[int, str]:
    body = json.dumps(event).encode()
    timestamp = timestamp or str(int(time.time()))
    return post(webhook, body, {"Content-Type": "application/json", **_sign(body, secret, timestamp)})


def press_button(webhook: str, user: str, channel: str, value: str, secret: str = SIGNING_SECRET) -> tuple[int, str]:
    """The visitor clicked a Block Kit button (Interactivity: a form with a JSON `payload`)."""
    payload = {"type": "block_actions", "user": {"id": user, "team_id": TEAM}, "team": {"id": TEAM},
               "channel": {"id": channel}, "message": {"ts": _timestamp()},
               "actions": [{"type": "button", "action_id": "button-0", "value": value,
                            "action_ts": _timestamp()}]}
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    timestamp = str(int(time.time()))
    return post(webhook, body, {"Content-Type": "application/x-www-form-urlencoded",
                                **_sign(body, secret, timestamp)})


def buttons(params: dict) -> list[dict]:
    """The buttons in the actions blocks of a chat.postMessage call's parameters."""
    return [element for block in params.get("blocks") or [] if block["type"] == "actions"
            for element in block["elements"]]
