"""Starts the real action server and Rasa server for tests, evaluation and benchmarks.

    with running_assistant() as assistant:
        assistant.say("visitor-1", "bonjour")

Each run gets its own ports, token and SQLite tracker store, so it never touches the
conversations of `make run`. Loading TensorFlow and the model takes about a minute here:
start it once per session.

    with running_cluster(replicas=2) as cluster:     # make run-cluster, on ports of its own
        cluster.say("visitor-1", "bonjour")          # through HAProxy

The cluster is scripts/processes.py --replicas N under its own supervisord, with a throwaway
PostgreSQL database, a private redis-server (a test may stop it) and secrets of its own.
"""
from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import secrets
import signal
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
        return http_request(self.url, method, path, body, raw, timeout)

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

    def slots_once(self, sender: str, expected: dict, timeout: float = 10) -> dict:
        """The slots once they hold `expected`, or as they are after `timeout`: a socket.io visitor
        gets the reply before Rasa saves the tracker, so reading it at once can see the turn before."""
        deadline = time.monotonic() + timeout
        while True:
            slots = self.slots(sender)
            if all(slots.get(k) == v for k, v in expected.items()) or time.monotonic() > deadline:
                return slots
            time.sleep(0.2)


def http_request(base: str, method: str, path: str, body: object = None, raw: bytes | None = None,
                 timeout: float = 30) -> tuple[int, object]:
    """(status, JSON body or text) of one request to `base` + `path`; an HTTP error is a status, not an exception."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method,
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


def _wait_until_ready(url: str, token: str, processes: list[subprocess.Popen],
                      timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[1:3]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/status?token={token}", timeout=5) as resp:
                if json.loads(resp.read()).get("model_file"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):  # not up, or busy loading
            pass
        time.sleep(1)
    raise TimeoutError(f"the Rasa server at {url} was not ready after {timeout:.0f} s")


def _stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL after `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
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


# The cluster (make run-cluster) for tests and load runs -------------------------------------------

PG_ADMIN_URL = os.environ.get("CLUSTER_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
CLUSTER_START_TIMEOUT = 420  # two Rasa servers load at once: 60-120 s here, more beside a training
CLUSTER_MARK = "CEP_TEST_CLUSTER"  # in the environment of every process a test cluster starts
WIDGET_ORIGIN = "http://localhost:8000"


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port_range(count: int = 100, low: int = 10_000, high: int = 30_000) -> int:
    """A base port whose next `count - 1` ports are free, below Linux's ephemeral ports (32768 on),
    where free_port() and outgoing connections take theirs."""
    rng = random.SystemRandom()
    for _ in range(200):
        base = rng.randrange(low, high - count)
        if all(_port_is_free(base + offset) for offset in range(1, count)):
            return base
    raise RuntimeError(f"no {count} free ports in a row between {low} and {high}")


class PrivateRedis:
    """A redis-server of the cluster's own, with nothing saved to disk: a test may stop it (an
    outage) and start it again on the same port, empty, as a restarted Redis without persistence."""

    def __init__(self, port: int, work: Path) -> None:
        self.port, self.work = port, work
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 20) -> None:
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.work)], stdout=open(self.work / "redis.log", "ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode} ({self.work / 'redis.log'})")
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=1).ping():
                    return
            except redis.RedisError:
                time.sleep(0.2)
        raise TimeoutError(f"redis-server on port {self.port} did not answer after {timeout} s")

    def stop(self) -> None:
        if self.running():
            _stop(self.process)


@dataclass
class Cluster:
    url: str  # HAProxy: the assistant as visitors reach it (REST, socket.io)
    replica_urls: list[str]  # each Rasa server on its own port, rasa-1 first
    action_url: str  # HAProxy in front of the action servers
    stats_url: str  # HAProxy's statistics page; + ";csv" for the CSV
    token: str
    action_token: str
    sender_key: str
    db_url: str  # the cluster's own PostgreSQL database
    var: Path  # supervisord.conf, log/<program>.log, run/supervisor.sock
    redis: PrivateRedis
    supervisord: subprocess.Popen

    @property
    def db_name(self) -> str:
        import sqlalchemy as sa

        return sa.engine.make_url(self.db_url).database

    def conversation_of(self, channel: str, address: object) -> str:
        return pseudonym(channel, str(address), self.sender_key)

    def request(self, method: str, path: str, body: object = None, raw: bytes | None = None,
                timeout: float = 30, url: str | None = None) -> tuple[int, object]:
        """Through HAProxy, or to `url` (a replica)."""
        return http_request(url or self.url, method, path, body, raw, timeout)

    def send(self, sender: str, text: str, url: str | None = None, timeout: float = 30) -> tuple[int, object]:
        return self.request("POST", "/webhooks/rest/webhook", {"sender": sender, "message": text}, url=url,
                            timeout=timeout)

    def say(self, sender: str, text: str, url: str | None = None) -> list[dict]:
        status, replies = self.send(sender, text, url)
        assert status == 200, (status, replies)
        return replies

    # supervisord ------------------------------------------------------------------------------
    def supervisorctl(self, *args: str) -> str:
        done = subprocess.run([str(BIN / "supervisorctl"), "-c", str(self.var / "supervisord.conf"), *args],
                              capture_output=True, text=True, timeout=60)
        return done.stdout + done.stderr

    def status(self) -> dict[str, str]:
        """Each program's state: RUNNING, STARTING, STOPPED, BACKOFF, EXITED, FATAL…"""
        states = {}
        for line in self.supervisorctl("status").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1].isupper():
                states[parts[0]] = parts[1]
        return states

    def pid(self, program: str) -> int:
        answer = self.supervisorctl("pid", program).strip()
        if not answer.isdigit() or int(answer) == 0:
            raise RuntimeError(f"{program} has no process: {answer!r}")
        return int(answer)

    def stop(self, *programs: str) -> str:
        return self.supervisorctl("stop", *programs)

    def start(self, *programs: str) -> str:
        return self.supervisorctl("start", *programs)

    def log(self, program: str) -> Path:
        return self.var / "log" / f"{program}.log"

    # HAProxy ----------------------------------------------------------------------------------
    def stats(self) -> list[dict[str, str]]:
        """HAProxy's statistics, one row per frontend, backend and server (pxname, svname, status, stot…)."""
        with urllib.request.urlopen(self.stats_url + ";csv", timeout=5) as resp:
            text = resp.read().decode()
        return list(csv.DictReader(text.removeprefix("# ").splitlines()))

    def servers(self, backend: str = "rasa") -> dict[str, dict[str, str]]:
        """The servers of one backend ("rasa", "actions"), by name ("rasa-1"…)."""
        return {row["svname"]: row for row in self.stats()
                if row["pxname"] == backend and row["svname"] not in ("FRONTEND", "BACKEND")}

    def wait_until_up(self, backend: str, names: list[str] | None = None, timeout: float = 60) -> None:
        """Until HAProxy's health checks see these servers (all of the backend's by default) UP."""
        deadline = time.monotonic() + timeout
        states: dict[str, str] = {}
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                states = {name: row["status"] for name, row in self.servers(backend).items()}
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                states = {}
            wanted = names or list(states)
            if wanted and all(states.get(name) == "UP" for name in wanted):
                return
            time.sleep(0.5)
        raise TimeoutError(f"HAProxy's {backend} servers not all UP after {timeout} s: {states}")

    def wait_until_replica_ready(self, number: int, timeout: float = CLUSTER_START_TIMEOUT) -> None:
        """Until rasa-<number> answers /status with its model, on its own port."""
        _wait_until_ready(self.replica_urls[number - 1], self.token, [self.supervisord], timeout)

    def _check_alive(self) -> None:
        if self.supervisord.poll() is not None:
            raise RuntimeError(f"supervisord exited with {self.supervisord.returncode}: "
                               f"{(self.var / 'supervisord.out').read_text(errors='replace')[-2000:]}")

    # the conversations ------------------------------------------------------------------------
    def stored_events(self, sender_id: str) -> list[dict]:
        """The conversation's rows of the tracker store's `events` table, in the order they were written."""
        import sqlalchemy as sa
        from sqlalchemy.pool import NullPool

        engine = sa.create_engine(self.db_url, poolclass=NullPool, connect_args={"connect_timeout": 5})
        try:
            with engine.connect() as connection:
                rows = connection.execute(sa.text(
                    "SELECT id, type_name, timestamp, intent_name, action_name, data FROM events "
                    "WHERE sender_id = :sender ORDER BY id"), {"sender": sender_id}).mappings().all()
        finally:
            engine.dispose()
        return [dict(row, data=json.loads(row["data"])) for row in rows]


def _marked_processes(value: str) -> list[int]:
    """The processes whose environment carries CLUSTER_MARK=value: what one test cluster started."""
    needle = f"{CLUSTER_MARK}={value}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                pids.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return pids


def _admin_engine(admin_url: str):
    import sqlalchemy as sa

    return sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})


@contextlib.contextmanager
def running_cluster(replicas: int = 2, var: Path | None = None, env: dict[str, str] | None = None,
                    admin_db_url: str = PG_ADMIN_URL, timeout: float = CLUSTER_START_TIMEOUT) -> Iterator[Cluster]:
    """`python -m scripts.processes --replicas N` on free ports, ready: every replica answers /status with
    its model and HAProxy sees every Rasa and action server UP. Its own PostgreSQL database
    (cep_cluster_test_<random>, dropped at the end), its own redis-server, its own secrets; `var`
    (a temporary folder by default) keeps supervisord's configuration and the programs' logs."""
    import shutil

    import sqlalchemy as sa

    from bot.channels.enabled import CHANNELS

    if not MODEL.exists():
        raise SystemExit(f"no trained model at {MODEL}: run `make train` first")
    if not shutil.which("haproxy") or not shutil.which("redis-server"):
        raise SystemExit("the cluster needs haproxy and redis-server: run `make cluster-setup`")
    work = Path(var) if var else Path(tempfile.mkdtemp(prefix="cep-cluster-"))
    work.mkdir(mode=0o700, parents=True, exist_ok=True)
    run_id = secrets.token_hex(6)
    db_name = f"cep_cluster_test_{run_id}"
    db_url = sa.engine.make_url(admin_db_url).set(database=db_name).render_as_string(hide_password=False)
    admin = _admin_engine(admin_db_url)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{db_name}"'))
    private_redis = PrivateRedis(free_port(), work)
    supervisord = None
    try:
        private_redis.start()
        base = free_port_range(100)
        ports: set[int] = set()
        while len(ports) < 4:
            ports.add(free_port())
        rasa_port, action_port, demo_port, review_port = sorted(ports)
        token, action_token, sender_key, review_key = (secrets.token_urlsafe(24) for _ in range(4))
        url = f"http://127.0.0.1:{rasa_port}"
        channel_variables = {name: "" for variables in CHANNELS.values() for name in variables.values()}
        environment = {
            **os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore", "PYTHONDONTWRITEBYTECODE": "1",
            **channel_variables,  # no messaging channel from the developer's shell
            "WIDGET_ORIGINS": WIDGET_ORIGIN, "PROXIES_COUNT": "0",
            "RATE_LIMIT_EXEMPT": "127.0.0.1",  # the tests play many visitors from one address
            **(env or {}),
            "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port), "CLUSTER_BASE_PORT": str(base),
            "DEMO_PORT": str(demo_port), "REVIEW_PORT": str(review_port), "RASA_INTERFACE": "127.0.0.1",
            "ASSISTANT_URL": url, "CLUSTER_DB_URL": db_url, "LOCK_STORE_URL": private_redis.url,
            "RASA_AUTH_TOKEN": token, "ACTION_SERVER_TOKEN": action_token, "SENDER_ID_KEY": sender_key,
            "REVIEW_SECRET_KEY": review_key, "CEP_VAR_DIR": str(work), CLUSTER_MARK: run_id}
        supervisord = subprocess.Popen(
            [str(BIN / "python"), "-m", "scripts.processes", "--replicas", str(replicas), "--var", str(work)],
            cwd=ROOT, env=environment, stdout=open(work / "supervisord.out", "wb"), stderr=subprocess.STDOUT)
        cluster = Cluster(
            url=url, replica_urls=[f"http://127.0.0.1:{base + n}" for n in range(1, replicas + 1)],
            action_url=f"http://127.0.0.1:{action_port}", stats_url=f"http://127.0.0.1:{base + 99}/",
            token=token, action_token=action_token, sender_key=sender_key, db_url=db_url, var=work,
            redis=private_redis, supervisord=supervisord)
        deadline = time.monotonic() + timeout
        for number in range(1, replicas + 1):
            cluster.wait_until_replica_ready(number, max(1.0, deadline - time.monotonic()))
        cluster.wait_until_up("rasa", timeout=max(10.0, deadline - time.monotonic()))
        cluster.wait_until_up("actions", timeout=max(10.0, deadline - time.monotonic()))
        yield cluster
    finally:
        if supervisord is not None:
            _stop(supervisord, timeout=90)  # supervisord stops its programs (stopwaitsecs each), then exits
        for pid in _marked_processes(run_id):  # whatever outlived supervisord
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        private_redis.stop()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()


