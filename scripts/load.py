"""`make load`: many visitors at once, over REST and socket.io; prints p50/p95/p99, messages/s,
errors, and each server process's resident memory before and after.

    python -m scripts.load [--visitors 10 50] [--seconds 60] [--replicas 2] [--url http://localhost:5005]

Each simulated visitor arrives at a random moment of the first 5 seconds and holds French intakes
(INTAKES: 5 to 7 messages, typos and questions included), thinking 2 to 5 seconds between messages
(seeded), half of them over REST and half
over socket.io as the widget does (polling transport, a session id, the first bot message
timed). Without --url it runs the same load twice, side by side in one run: on one action
server and one Rasa server of its own (scripts/servers.py, SQLite), then on a cluster of
--replicas replicas behind HAProxy (`running_cluster`: PostgreSQL, Redis), reading each
process's memory; with --url it loads a running deployment and reads the memory of the
processes named by --pids.
After each level, as many first messages sent at the same instant (a flash crowd) are timed apart.
A benchmark, not a test: it prints figures, it does not fail on them.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import socketio

from scripts.servers import running_assistant, running_cluster

INTAKES = [
    ["bonjour", "je suis salariée dans une banque depuis 12 ans", "j'hésite entre plusieurs idées",
     "c'est gratuit ?", "mon employeur sera au courant ?", "merci"],
    ["slt", "chui au chomage depuis mars jsp koi faire", "aucune idée", "je veux parler à quelqu'un", "au revoir"],
    ["Bonjour, je suis aide-soignante à l'hôpital public", "je voudrais devenir infirmière",
     "combien de temps ça dure ?", "ok", "d'accord merci"],
    ["je suis auto-entrepreneur dans le web", "j'aimerais me former à la data", "CEP ou bilan de compétences ?",
     "que faites-vous de mes données ?", "ok merci", "bonne journée"],
    ["Bonjour", "je suis en CDD jusqu'en juin, j'ai 24 ans", "je ne sais pas du tout quoi faire",
     "ça peut se faire à distance ?", "oui", "merci beaucoup", "au revoir"],
]
WIDGET_ORIGIN = "http://localhost:8000"
THINK_SECONDS = (2, 5)  # between a visitor's messages


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # ms
    errors: int = 0

    def line(self, name: str, seconds: float) -> str:
        ordered = sorted(self.latencies)
        if not ordered:
            return f"  {name:9} no message answered, {self.errors} errors"
        pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
        return (f"  {name:9} {len(ordered):5} messages, {len(ordered) / seconds:5.1f}/s, p50 {statistics.median(ordered):4.0f} ms, "
                f"p95 {pick(0.95):5.0f} ms, p99 {pick(0.99):5.0f} ms, errors {self.errors}")


async def send_timed(http: aiohttp.ClientSession, url: str, sender: str, text: str, tally: Tally) -> None:
    """One message over REST, its latency (or an error) counted in `tally`."""
    start = time.perf_counter()
    try:
        async with http.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as reply:
            answered = reply.status == 200 and bool(await reply.json())
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        answered = False
    if answered:
        tally.latencies.append((time.perf_counter() - start) * 1000)
    else:
        tally.errors += 1


def client_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30), connector=aiohttp.TCPConnector(limit=0))


async def rest_visitor(http: aiohttp.ClientSession, url: str, rng: random.Random, until: float, tally: Tally) -> None:
    while time.monotonic() < until:
        sender = f"load-{uuid.uuid4().hex[:16]}"
        for text in rng.choice(INTAKES):
            if time.monotonic() >= until:
                return
            await send_timed(http, url, sender, text, tally)
            await asyncio.sleep(rng.uniform(*THINK_SECONDS))


async def socketio_visitor(url: str, rng: random.Random, until: float, tally: Tally) -> None:
    while time.monotonic() < until:
        client = socketio.AsyncClient(reconnection=False)
        replied, confirmed = asyncio.Event(), asyncio.Event()
        session_id = uuid.uuid4().hex
        client.on("session_confirm", lambda *_, event=confirmed: event.set())
        client.on("bot_uttered", lambda *_, event=replied: event.set())
        try:
            await client.connect(url, transports=["polling"], headers={"Origin": WIDGET_ORIGIN},
                                 socketio_path="/socket.io", wait_timeout=10)
            await client.emit("session_request", {"session_id": session_id})
            await asyncio.wait_for(confirmed.wait(), 10)
            for text in rng.choice(INTAKES):
                if time.monotonic() >= until:
                    break
                replied.clear()
                start = time.perf_counter()
                await client.emit("user_uttered", {"message": text, "session_id": session_id})
                try:
                    await asyncio.wait_for(replied.wait(), 10)
                    tally.latencies.append((time.perf_counter() - start) * 1000)
                except asyncio.TimeoutError:
                    tally.errors += 1
                await asyncio.sleep(rng.uniform(*THINK_SECONDS))
        except (socketio.exceptions.ConnectionError, asyncio.TimeoutError):
            tally.errors += 1
            await asyncio.sleep(1)
        finally:
            await client.disconnect()


async def arriving(delay: float, visitor: Coroutine[Any, Any, None]) -> None:
    await asyncio.sleep(delay)
    await visitor


async def load(url: str, visitors: int, seconds: float, seed: int) -> tuple[Tally, Tally]:
    rest, sio = Tally(), Tally()
    until = time.monotonic() + seconds
    async with client_session() as http:
        tasks = []
        for number in range(visitors):
            rng = random.Random(seed * 1000 + number)
            # each visitor arrives at a random moment of the first think time (0-5 s), as a steady stream
            # of visitors does; arriving within the same second, 50 first messages queued up and, being 6 %
            # of a minute's messages, alone made the p95 (README, "Figures")
            tasks.append(arriving(rng.uniform(0, THINK_SECONDS[1]),
                                  rest_visitor(http, url, rng, until, rest) if number % 2 == 0
                                  else socketio_visitor(url, rng, until, sio)))
        await asyncio.gather(*tasks)
    return rest, sio


async def burst(url: str, visitors: int) -> Tally:
    """Every visitor's first message at the same instant (a flash crowd), over REST."""
    tally = Tally()
    async with client_session() as http:
        await asyncio.gather(*(send_timed(http, url, f"burst-{uuid.uuid4().hex[:16]}", INTAKES[number % len(INTAKES)][0], tally)
                               for number in range(visitors)))
    return tally


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory(pids: dict[str, int]) -> str:
    return ", ".join(f"{name} {rss_mb(pid):.0f} MB" for name, pid in pids.items()) or "(no process given: --pids)"


def run(url: str, pids: dict[str, int], levels: list[int], seconds: float, seed: int) -> None:
    print(f"load on {url}: {', '.join(map(str, levels))} concurrent visitors, {seconds:.0f} s each, "
          "2-5 s between a visitor's messages, half REST, half socket.io")
    for visitors in levels:
        before = memory(pids)
        started = time.monotonic()
        rest, sio = asyncio.run(load(url, visitors, seconds, seed))
        elapsed = time.monotonic() - started
        both = Tally(rest.latencies + sio.latencies, rest.errors + sio.errors)
        print(f"{visitors} visitors:")
        for name, tally in (("REST", rest), ("socket.io", sio), ("all", both)):
            print(tally.line(name, elapsed))
        print(f"  memory before: {before}; after: {memory(pids)}")
        started = time.monotonic()
        flash = asyncio.run(burst(url, visitors))
        print(f"  and {visitors} first messages at the same instant (a flash crowd, not the steady load above):")
        print(flash.line("burst", time.monotonic() - started))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--replicas", type=int, default=2, help="the cluster's replicas (without --url)")
    parser.add_argument("--url", help="a running deployment (default: one server, then a cluster, started here)")
    parser.add_argument("--pids", nargs="*", default=[], help="name=pid of processes whose memory to read")
    args = parser.parse_args()
    if args.url:
        pids = dict(item.split("=", 1) for item in args.pids)
        run(args.url.rstrip("/"), {name: int(pid) for name, pid in pids.items()}, args.visitors, args.seconds, args.seed)
        return
    print("=== one Rasa server and one action server (make run)")
    with running_assistant() as assistant:
        assistant.say("warm-up", "bonjour")
        run(assistant.url, {"rasa": assistant.rasa.pid, "actions": assistant.actions.pid}, args.visitors,
            args.seconds, args.seed)
    print(f"=== the cluster: {args.replicas} Rasa servers and {args.replicas} action servers behind HAProxy (make run-cluster)")
    with running_cluster(replicas=args.replicas) as cluster:
        cluster.say("warm-up", "bonjour")
        names = [f"{kind}-{n}" for n in range(1, args.replicas + 1) for kind in ("rasa", "actions")] + ["haproxy"]
        run(cluster.url, {name: cluster.pid(name) for name in names}, args.visitors, args.seconds, args.seed)


if __name__ == "__main__":
    main()
