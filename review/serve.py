"""Serves the review app with waitress (what `make run` starts through the Procfile).

    python -m review.serve [--port 8080] [--host 127.0.0.1]

Listens on the loopback address only by default: put it behind an https reverse proxy
(and set REVIEW_SECURE_COOKIES=1) to open it to a network.
"""
from __future__ import annotations

import argparse
import logging

from waitress import serve

from review.app import create_app
from review.settings import Settings


def main() -> None:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s review %(message)s")
    app = create_app(settings, background_refresh=True)
    logging.getLogger(__name__).info("review app on http://localhost:%d", args.port)
    serve(app, host=args.host, port=args.port, threads=8, ident="review")


if __name__ == "__main__":
    main()
