"""Serves the website chat widget: the one script a host site adds.

    <script src="https://<assistant>/webhooks/widget/cep-chat.js" defer></script>

The script is built from widget/ at set-up (`npm ci && npm run build`: socket.io-client
from npm and the widget's own code, no CDN). The contacts the widget shows when the
assistant cannot be reached come from knowledge/contacts.yml, injected here, so a deployer
changes them in one place.
"""
from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from cep.knowledge import national

BUNDLE = Path(__file__).resolve().parents[2] / "widget" / "dist" / "cep-chat.js"
CONFIG_MARK = "/*__CEP_CONFIG__*/null"
HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}


def widget_config() -> dict[str, str]:
    contacts = national()
    return {"phone": contacts.phone, "website": contacts.website, "websiteUrl": contacts.website_url}


def widget_script(bundle: Path = BUNDLE) -> str:
    """The built widget with its configuration; raises FileNotFoundError when not built."""
    source = bundle.read_text(encoding="utf-8")
    # "</" cannot close anything in a script file, but keep the JSON inert anyway.
    config = json.dumps(widget_config(), ensure_ascii=False).replace("</", "<\\/")
    return source.replace(CONFIG_MARK, config, 1)


class WidgetChannel(InputChannel):
    """Not a conversation channel: the widget's script, next to the socket.io channel it talks to."""

    @classmethod
    def name(cls) -> str:
        return "widget"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        routes = Blueprint("chat_widget", __name__)

        @routes.route("/cep-chat.js", methods=["GET"])
        async def script(_: Request) -> HTTPResponse:
            try:
                body = widget_script()
            except FileNotFoundError:
                return response.text("// widget not built: run `make setup`\n", status=503,
                                     content_type="application/javascript; charset=utf-8")
            return response.text(body, headers=HEADERS, content_type="application/javascript; charset=utf-8")

        return routes
