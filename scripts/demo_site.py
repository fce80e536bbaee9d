"""A demo host site for the chat widget: two pages that embed it with one script tag.

    python -m scripts.demo_site [--port 8000] [--assistant http://localhost:5005]

`make run` starts it (Procfile) so a newcomer sees the widget at once. The pages are in
widget/demo/; `{{ASSISTANT_URL}}` in them becomes the assistant's address. The pages are
served with a strict Content-Security-Policy, as a public-service site would, to show the
widget needs nothing more than its script and its connection.
"""
from __future__ import annotations

import argparse
import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

PAGES = Path(__file__).resolve().parent.parent / "widget" / "demo"


class DemoPages(SimpleHTTPRequestHandler):
    assistant_url = "http://localhost:5005"

    def send_head(self):  # noqa: D102  (serves .html with the assistant's address filled in)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return super().send_head()
        body = path.read_text(encoding="utf-8").replace("{{ASSISTANT_URL}}", self.assistant_url).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Content-Security-Policy", self.csp())
        self.end_headers()
        return BytesIO(body)

    def csp(self) -> str:
        ws = self.assistant_url.replace("http", "ws", 1)
        return (f"default-src 'self'; script-src 'self' {self.assistant_url}; "
                f"connect-src {self.assistant_url} {ws}; style-src 'self'; img-src 'self'; "
                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

    def log_message(self, *args) -> None:  # quiet: the pages are static
        pass


def demo_site(port: int, assistant_url: str, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    handler = type("Pages", (DemoPages,), {"assistant_url": assistant_url.rstrip("/")})
    return ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(PAGES)))


def serve_in_background(port: int, assistant_url: str) -> ThreadingHTTPServer:
    """For tests: the demo site in a thread; shutdown() stops it."""
    server = demo_site(port, assistant_url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("DEMO_PORT", 8000)))
    parser.add_argument("--assistant", default=os.environ.get(
        "ASSISTANT_URL", f"http://localhost:{os.environ.get('RASA_PORT', 5005)}"))
    args = parser.parse_args()
    server = demo_site(args.port, args.assistant, host="localhost")
    print(f"Demo site with the chat widget: http://localhost:{args.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
