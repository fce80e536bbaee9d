"""The approved intake summary, for counsellors: JSON and a printable page.

    GET /webhooks/summary/<sender_id>.json?token=…
    GET /webhooks/summary/<sender_id>.html?token=…

Same token as the HTTP API (RASA_AUTH_TOKEN; never open without one). Only a summary the
visitor approved and agreed to share exists (slot `intake_summary`, actions/intake_actions.py).
Every value is HTML-escaped on the page.
"""
from __future__ import annotations

import hmac
import html
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

LABELS = {"situation": "Situation", "project": "Projet", "eligibility": "CEP",
          "orientation": "Qui contacter", "next_steps": "Prochaine étape"}
PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Résumé de la demande — CEP</title>
<style>body{{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;color:#1e1e1e;line-height:1.5}}
h1{{font-size:1.4rem}}dt{{font-weight:700;margin-top:.8rem}}dd{{margin:0}}
footer{{margin-top:2rem;font-size:.85rem;color:#555}}@media print{{body{{margin:0}}}}</style></head>
<body><h1>Résumé de la demande (premier accueil CEP)</h1><dl>{items}</dl>
<footer>Conversation {sender} — résumé approuvé par la personne le {approved_at}.
Document confidentiel.</footer></body></html>"""


def _authorised(request: Request) -> bool:
    expected = os.environ.get("RASA_AUTH_TOKEN", "")
    given = request.args.get("token") or request.headers.get("authorization", "").removeprefix("Bearer ")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def render_page(sender: str, content: dict[str, Any]) -> str:
    rows = [(LABELS[k], content.get(k)) for k in LABELS if content.get(k)]
    if content.get("schemes"):
        rows.append(("Dispositifs à explorer", ", ".join(content["schemes"])))
    contacts = content.get("contacts") or {}
    rows.append(("Contacts", " ; ".join(str(v) for v in contacts.values() if v)))
    items = "".join(f"<dt>{html.escape(label)}</dt><dd>{html.escape(str(value))}</dd>" for label, value in rows)
    return PAGE.format(items=items, sender=html.escape(sender),
                       approved_at=html.escape(str(content.get("approved_at", ""))))


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
