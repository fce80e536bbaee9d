"""Runs `rasa run` with the HTTP API's token taken from the environment (RASA_AUTH_TOKEN), and
our fix to Rasa itself installed first (bot/rasa_fixes.py), bodies over 1 MB refused unread, and
a request that does not arrive whole dropped after 30 s.

Rasa reads its token only from `--auth-token`; passed by a shell, it sits in the process's
command line, which any local user can read in /proc/<pid>/cmdline. Here the argument is
added inside the Python process, after it started: /proc shows only what the caller typed.

    python -m bot.rasa_server --enable-api --port 5005 --endpoints endpoints.yml ...
"""
from __future__ import annotations

import os
import sys

# Sanic reads a whole body before any handler sees it (100 MB by default): above this it answers
# 413 from the Content-Length alone, unread. The REST channel's own limit is 16 KB (rest.py);
# Rasa's HTTP API takes trackers and events, well under this.
REQUEST_MAX_BYTES = 1_048_576
# Once its headers are in, a request must be read and answered within this many seconds: Sanic
# reads the body under the response timeout, which Rasa sets to an hour (an outside probe held a
# request open for 400 s by sending less body than announced). A message is answered in well under
# 2 s; the TLS proxy in front should also buffer request bodies (SECURITY.md).
RESPONSE_TIMEOUT_SECONDS = 30


def rasa_argv(arguments: list[str], token: str) -> list[str]:
    """`rasa run`'s command line. The token goes in as one `--auth-token=…` word: a random token
    may begin with "-", which as a word of its own would be read as an option (Rasa refused to start)."""
    timeout = [] if "--response-timeout" in arguments else ["--response-timeout", str(RESPONSE_TIMEOUT_SECONDS)]
    return ["rasa", "run", *arguments, *timeout, f"--auth-token={token}"]


def main() -> None:
    token = os.environ.get("RASA_AUTH_TOKEN", "")
    if not token:
        sys.exit("RASA_AUTH_TOKEN is not set: run `make setup` (it writes one into .env)")
    if "--auth-token" in sys.argv:
        sys.exit("the token comes from RASA_AUTH_TOKEN, not from the command line")
    os.environ.setdefault("SANIC_REQUEST_MAX_SIZE", str(REQUEST_MAX_BYTES))  # Sanic's own SANIC_ settings
    sys.argv = rasa_argv(sys.argv[1:], token)
    from rasa.__main__ import main as rasa_main

    from bot import rasa_fixes

    rasa_fixes.install()

    rasa_main()


if __name__ == "__main__":
    main()
