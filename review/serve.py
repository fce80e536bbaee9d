"""Serves the review app with waitress (what `make run` starts through the Procfile).

    python -m review.serve [--port 8080] [--host 127.0.0.1]

Listens on the loopback address only by default: put it behind an https reverse proxy
(and set REVIEW_SECURE_COOKIES=1) to open it to a network. Behind a proxy every request
comes from the proxy's address: set REVIEW_TRUSTED_PROXY to that address (e.g. 127.0.0.1)
and waitress takes the visitor's address and scheme from the proxy's X-Forwarded-For and
X-Forwarded-Proto (audit log, login throttling). Unset, those headers are ignored and
removed, so nobody can forge their address.
"""
from __future__ import annotations

import argparse
import logging
import threading
from typing import Any

from flask import Flask
from waitress import serve
from waitress.server import create_server

from review.app import create_app
from review.settings import Settings


def server_options(settings: Settings) -> dict[str, Any]:
    """waitress's options: which proxy, if any, is believed about the client's address and scheme."""
    options: dict[str, Any] = {"threads": 8, "ident": "review", "clear_untrusted_proxy_headers": True}
    if settings.trusted_proxy:
        options.update(trusted_proxy=settings.trusted_proxy, trusted_proxy_count=1,
                       trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"})
    return options


def serve_in_thread(app: Flask, settings: Settings, host: str = "127.0.0.1", port: int = 0):
    """Serve `app` with waitress from a daemon thread (tests, benchmark): (server, base URL).
    Stop it with server.close()."""
    server = create_server(app, host=host, port=port, **server_options(settings))
    threading.Thread(target=server.run, daemon=True, name="review-waitress").start()
    return server, f"http://{host}:{server.effective_port}"


def main() -> None:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s review %(message)s")
    app = create_app(settings, background_refresh=True)
    logging.getLogger(__name__).info("review app on http://localhost:%d", args.port)
    serve(app, host=args.host, port=args.port, **server_options(settings))


if __name__ == "__main__":
    main()
