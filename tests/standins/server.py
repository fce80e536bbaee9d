"""A local HTTP server in a thread that stands in for a platform's API: it answers the calls a
channel makes, with the platform's response shapes, and records each call for the tests."""
from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

WAIT = 30


@dataclass
class Call:
    method: str  # the API method: "sendMessage", "me/messages", "chat.postMessage"…
    params: dict
    headers: dict = field(default_factory=dict)


Answer = Callable[[web.Request, dict], Awaitable[web.Response]]


class StandIn:
    """Subclasses add their routes in `routes()` and call `record()` for what they receive."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._changed = threading.Condition()
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.url = ""

    def routes(self) -> list[web.RouteDef]:
        raise NotImplementedError

    def record(self, method: str, params: dict, request: web.Request) -> None:
        with self._changed:
            self.calls.append(Call(method, params, dict(request.headers)))
            self._changed.notify_all()

    def sent(self, method: str) -> list[Call]:
        with self._changed:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int, since: int = 0, settle: float = 1.0) -> list[Call]:
        """The calls of `method` after the first `since`, once there are `count` and no more came
        in for `settle` seconds (a reply can be several messages)."""
        deadline = time.monotonic() + WAIT
        with self._changed:
            while True:
                found = self.sent(method)[since:]
                if len(found) >= count:
                    self._changed.wait(settle)
                    if len(self.sent(method)[since:]) == len(found):
                        return found
                    continue
                if not self._changed.wait(max(0.0, deadline - time.monotonic())):
                    return found

    def start(self) -> StandIn:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.add_routes(self.routes())
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(runner.cleanup())


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """The platform posting a webhook to the assistant."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def post_json(url: str, payload: dict, headers: dict[str, str]) -> tuple[int, str]:
    return post(url, json.dumps(payload).encode(), {"Content-Type": "application/json", **headers})
