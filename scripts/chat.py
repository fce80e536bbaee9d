"""Chat in a terminal with the assistant that `make run` started (REST channel).

    python -m scripts.chat [--url http://localhost:5005]
Buttons are shown numbered: type the number to pick one.
"""
from __future__ import annotations

import argparse
import json
import os
import urllib.request
import uuid


def post(url: str, sender: str, text: str) -> list[dict]:
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", method="POST",
                                     data=json.dumps({"sender": sender, "message": text}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"[]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=f"http://localhost:{os.environ.get('RASA_PORT', '5005')}")
    args = parser.parse_args()
    sender, buttons = f"terminal-{uuid.uuid4().hex[:8]}", []
    print("Écrivez votre message (Ctrl-D pour quitter).")
    while True:
        try:
            text = input("> ").strip()
        except EOFError:
            return
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        buttons = []
        for reply in post(args.url, sender, text):
            if reply.get("text"):
                print(reply["text"])
            for button in reply.get("buttons") or []:
                buttons.append(button)
                print(f"  [{len(buttons)}] {button['title']}")


if __name__ == "__main__":
    main()
