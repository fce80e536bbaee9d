"""Starts the real action server and Rasa server for tests, evaluation and benchmarks.

    with running_assistant() as assistant:
        assistant.say("visitor-1", "bonjour")

Each run gets its own ports, token and SQLite tracker store, so it never touches the
conversations of `make run`. Loading TensorFlow and the model takes about a minute here:
start it once per session.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.channels.enabled import write_credentials
from bot.channels.pseudonyms import pseudonym

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "intake.tar.gz"
START_TIMEOUT = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Assistant:
    url: str
    token: str
    db_path: Path
    rasa: subprocess.Popen
    actions: subprocess.Popen
    start_rasa: Callable[[], subprocess.Popen]
    action_url: str = ""
    action_token: str = ""
    sender_key: str = ""  # SENDER_ID_KEY: a messaging platform's visitor is stored under pseudonym()
    log_dir: Path | None = None  # rasa.log and actions.log

    def conversation_of(self, channel: str, address: object) -> str:
        """The opaque id under which a channel's visitor (a widget session, a phone number…) is stored."""
        return pseudonym(channel, str(address), self.sender_key)

    def restart_rasa(self) -> None:
        """Stops the Rasa server and starts it again on the same port and conversations."""
        _stop(self.rasa)
        self.rasa = self.start_rasa()
        _wait_until_ready(self.url, self.token, [self.rasa, self.actions])

    def request(self, method: str, path: str, body: object = None, raw: bytes | None = None,
                timeout: float = 30) -> tuple[int, object]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                payload = resp.read().decode()
                if "json" not in resp.headers.get("Content-Type", ""):
                    return resp.status, payload
                return resp.status, json.loads(payload) if payload else None
        except urllib.error.HTTPError as err:
            payload = err.read().decode()
            try:
                return err.code, json.loads(payload)
            except ValueError:
                return err.code, payload

    def say(self, sender: str, text: str) -> list[dict]:
        status, replies = self.request("POST", "/webhooks/rest/webhook", {"sender": sender, "message": text})
        assert status == 200, (status, replies)
        return replies

    def tracker(self, sender: str) -> dict:
        status, tracker = self.request("GET", f"/conversations/{sender}/tracker?token={self.token}")
        assert status == 200, (status, tracker)
        return tracker

    def slots(self, sender: str) -> dict:
        return self.tracker(sender)["slots"]


def _wait_until_ready(url: str, token: str, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[1:3]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/status?token={token}", timeout=5) as resp:
                if json.loads(resp.read()).get("model_file"):
                    return
        except (urllib.error.URLError, ConnectionError, ValueError):
            pass
        time.sleep(1)
    raise TimeoutError(f"the Rasa server at {url} was not ready after {START_TIMEOUT} s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running_assistant(log_dir: Path | None = None, env: dict[str, str] | None = None) -> Iterator[Assistant]:
    """Both servers, ready. `env`: extra environment for the servers (e.g. WIDGET_ORIGINS); its
    channel variables switch messaging channels on (bot/channels/enabled.py), those of the
    calling shell do not."""
    if not MODEL.exists():
        raise SystemExit(f"no trained model at {MODEL}: run `make train` first")
    work = Path(tempfile.mkdtemp(prefix="cep-assistant-"))
    log_dir = log_dir or work
    rasa_port, action_port = free_port(), free_port()
    token, action_token, sender_key = (secrets.token_urlsafe(24) for _ in range(3))
    db_path = work / "conversations.db"
    endpoints = work / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{action_port}/webhook\n  token: ${{ACTION_SERVER_TOKEN}}\n"
        f"tracker_store:\n  type: bot.storage.private_tracker_store.PrivateSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {db_path}\n", encoding="utf-8")
    credentials = work / "credentials.yml"
    write_credentials(credentials, env or {})
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
           "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore",
           "CONVERSATIONS_DB_URL": "",  # this run's own SQLite file, whatever the developer's shell says
           "RATE_LIMIT_EXEMPT": "127.0.0.1",  # this client plays many visitors; tests flood from 127.0.0.2
           **(env or {}), "RASA_AUTH_TOKEN": token, "ACTION_SERVER_TOKEN": action_token,
           "SENDER_ID_KEY": sender_key}
    common = {"cwd": ROOT, "env": env, "stderr": subprocess.STDOUT}
    actions = subprocess.Popen(
        [str(BIN / "python"), "-m", "actions.server", "--port", str(action_port)],
        stdout=open(log_dir / "actions.log", "wb"), **common)

    def start_rasa() -> subprocess.Popen:
        return subprocess.Popen(
            [str(BIN / "python"), "-m", "bot.rasa_server", "--enable-api", "--port", str(rasa_port),
             "--credentials", str(credentials), "--endpoints", str(endpoints), "--model", str(MODEL)],
            stdout=open(log_dir / "rasa.log", "ab"), **common)

    assistant = Assistant(f"http://127.0.0.1:{rasa_port}", token, db_path, start_rasa(), actions, start_rasa,
                          f"http://127.0.0.1:{action_port}", action_token, sender_key, log_dir)
    try:
        _wait_until_ready(assistant.url, token, [assistant.rasa, actions])
        yield assistant
    finally:
        for process in (assistant.rasa, actions):
            _stop(process)
