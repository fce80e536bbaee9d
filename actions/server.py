"""The action server, as rasa_sdk's `rasa run actions` but closed to others:
- it listens on 127.0.0.1 unless ACTION_HOST says otherwise (rasa_sdk listens everywhere);
- every call must carry the shared secret ACTION_SERVER_TOKEN, which the Rasa server sends as
  the `token` parameter (endpoints.yml, `action_endpoint.token`); `/health` needs none;
- an error answers a short JSON message and never echoes the request.

    python -m actions.server --port 5055
"""
from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

logger = logging.getLogger(__name__)
OPEN_PATHS = ("/health",)


def build_app(token: str, package: str = "actions") -> Sanic:
    app = create_app(package, cors_origins=[])

    @app.middleware("request")
    async def require_token(request: Request):
        if request.path in OPEN_PATHS:
            return None
        supplied = request.args.get("token") or ""
        if not hmac.compare_digest(supplied.encode(), token.encode()):
            return response.json({"error": "unauthorised"}, status=401)
        return None

    @app.exception(Exception)
    async def refuse(request: Request, error: Exception):
        status = getattr(error, "status_code", 500)
        logger.warning("action call failed: %s", type(error).__name__)  # never the body: it holds the visitor's words
        return response.json({"error": "the call could not be handled"}, status=status if 400 <= status < 500 else 400)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", "5055")))
    args = parser.parse_args()
    token = os.environ.get("ACTION_SERVER_TOKEN", "")
    if not token:
        sys.exit("ACTION_SERVER_TOKEN is not set: run `make setup` (it writes one into .env)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    host = os.environ.get("ACTION_HOST", "127.0.0.1")
    build_app(token).run(host=host, port=args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
