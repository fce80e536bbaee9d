"""The approved intake summary, for counsellors: JSON and a printable page.

    GET /webhooks/summary/<sender_id>.json?token=…
    GET /webhooks/summary/<sender_id>.html?token=…

Same token as the HTTP API (RASA_AUTH_TOKEN; never open without one). Only a summary the
visitor approved and agreed to share exists (slot `intake_summary`, set by actions/turn.py).
The page is templates/summary.html (French, every value HTML-escaped).
"""
from __future__ import annotations

import hmac
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                               autoescape=True, trim_blocks=True)


def _authorised(request: Request) -> bool:
    expected = os.environ.get("RASA_AUTH_TOKEN", "")
    given = request.args.get("token") or request.headers.get("authorization", "").removeprefix("Bearer ")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def render_page(sender: str, content: dict[str, Any]) -> str:
    """The page counsellors print (templates/summary.html: its wording, every value escaped)."""
    return TEMPLATES.get_template("summary.html").render(sender=sender, content=content)


class SummaryChannel(InputChannel):
    """Not a conversation channel: read-only routes next to the others."""

    @classmethod
    def name(cls) -> str:
        return "summary"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        routes = Blueprint("intake_summary", __name__)

        @routes.route("/<resource>", methods=["GET"])
        async def summary(request: Request, resource: str) -> HTTPResponse:
            sender_id, _, kind = resource.rpartition(".")
            if kind not in ("json", "html") or not sender_id:
                return response.json({"error": "ask for <conversation>.json or <conversation>.html"}, status=404)
            if not _authorised(request):
                return response.json({"error": "a valid token is required"}, status=401)
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
            content = tracker.get_slot("intake_summary") if tracker else None
            if not content:
                return response.json({"error": "no approved summary for this conversation"}, status=404)
            if kind == "json":
                return response.json({"sender_id": sender_id, "summary": content})
            return response.html(render_page(sender_id, content))

        return routes
