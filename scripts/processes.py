"""Runs the assistant's processes under supervisord, which restarts any of them that dies.

    python -m scripts.processes                       # make run: the Procfile's processes
    python -m scripts.processes --replicas 2          # make run-cluster: N Rasa servers and
                                                      # action servers behind HAProxy

`make run` is the embedded default: one process of each Procfile line, conversations in
SQLite, locks in memory, nothing else to install. The cluster runs each Procfile line once,
but the Rasa server and the action server N times each, on ports of their own
(CLUSTER_BASE_PORT + i and + 50 + i); HAProxy (deploy/haproxy.cfg.template) listens on the
same addresses as `make run` (RASA_PORT, ACTION_PORT), checks every replica's health and keeps
a socket.io session on its replica; conversations are in PostgreSQL (CLUSTER_DB_URL) and each
conversation is locked in Redis (LOCK_STORE_URL) while a replica handles a message.

supervisord (PyPI `supervisor`) restarts a process that exits or is killed, in both modes;
`.venv/bin/supervisorctl -c VAR/supervisord.conf status` lists them. Process output goes to
VAR/log/<process>.log; supervisord's own lines (started, exited, restarted) to the terminal.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

from honcho.environ import parse as parse_dotenv
from honcho.environ import parse_procfile

ROOT = Path(__file__).resolve().parent.parent
PROCFILE = ROOT / "Procfile"
HAPROXY_TEMPLATE = ROOT / "deploy" / "haproxy.cfg.template"
CLUSTER_ENDPOINTS = "endpoints.cluster.yml"
REPLICATED = ("rasa", "actions")
STICKY_COOKIE = "io"  # engine.io's session cookie, which HAProxy reads
DEFAULTS = {"RASA_PORT": "5005", "ACTION_PORT": "5055", "CLUSTER_BASE_PORT": "5100",
            "CLUSTER_DB_URL": "postgresql://postgres@127.0.0.1:5432/cep",
            "LOCK_STORE_URL": "redis://127.0.0.1:6379/1", "RASA_INTERFACE": "127.0.0.1"}


@dataclass
class Program:
    name: str
    command: str
    environment: dict[str, str] = field(default_factory=dict)


def setting(name: str, env: dict[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return env.get(name) or DEFAULTS[name]


def load_dotenv(path: Path = ROOT / ".env") -> None:
    """The secrets and ports `make setup` wrote into .env, for every program (as honcho did);
    what the environment already says wins."""
    if path.exists():
        for name, value in parse_dotenv(path.read_text(encoding="utf-8")).items():
            os.environ.setdefault(name, value)


def procfile() -> dict[str, str]:
    return dict(parse_procfile(PROCFILE.read_text(encoding="utf-8")).processes)


def single_programs() -> list[Program]:
    return [Program(name, command) for name, command in procfile().items()]


def replica_ports(replicas: int, env: dict[str, str] | None = None) -> tuple[list[int], list[int]]:
    base = int(setting("CLUSTER_BASE_PORT", env))
    return [base + i for i in range(1, replicas + 1)], [base + 50 + i for i in range(1, replicas + 1)]


def cluster_programs(replicas: int, var: Path, env: dict[str, str] | None = None) -> list[Program]:
    commands = procfile()
    rasa_ports, action_ports = replica_ports(replicas, env)
    shared = {"CONVERSATIONS_DB_URL": setting("CLUSTER_DB_URL", env)}
    programs = []
    for number, (rasa_port, action_port) in enumerate(zip(rasa_ports, action_ports, strict=True), start=1):
        programs.append(Program(f"actions-{number}", commands["actions"],
                                {**shared, "ACTION_PORT": str(action_port)}))
        programs.append(Program(f"rasa-{number}", commands["rasa"], {
            **shared, "RASA_PORT": str(rasa_port), "RASA_INTERFACE": "127.0.0.1",
            "ACTION_PORT": setting("ACTION_PORT", env),  # the action servers through HAProxy
            "ENDPOINTS": CLUSTER_ENDPOINTS, "LOCK_STORE_URL": setting("LOCK_STORE_URL", env),
            # HAProxy adds X-Forwarded-For: the rate limits see the visitor, not HAProxy
            "SANIC_PROXIES_COUNT": str(int((env or os.environ).get("PROXIES_COUNT", "0") or 0) + 1),
            # socket.io: the replicas share rooms (two tabs of one widget session on two
            # replicas both get the replies), and HAProxy learns which replica holds a session
            "SOCKETIO_REDIS_URL": setting("LOCK_STORE_URL", env), "SOCKETIO_STICKY_COOKIE": STICKY_COOKIE}))
    programs.append(Program("haproxy", f"exec haproxy -db -f {shlex.quote(str(var / 'haproxy.cfg'))}"))
    programs += [Program(name, command, dict(shared)) for name, command in commands.items()
                 if name not in REPLICATED]
    return programs


ERROR_REASONS = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def write_error_pages(folder: Path) -> Path:
    """What HAProxy answers itself (no replica up, one that died mid-answer, a timeout): the REST
    channel's JSON, in French, with the national line (bot/unreachable_actions.yml, knowledge/)."""
    from bot.unreachable_actions import reply_text

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    body = json.dumps([{"recipient_id": "", "text": reply_text()}], ensure_ascii=False).encode()
    for code, reason in ERROR_REASONS.items():
        head = (f"HTTP/1.1 {code} {reason}\r\nContent-Type: application/json; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n")
        (folder / f"{code}.http").write_bytes(head.encode() + body)
    return folder


def haproxy_config(replicas: int, env: dict[str, str] | None = None, errors: Path = ROOT / "var" / "errors") -> str:
    rasa_ports, action_ports = replica_ports(replicas, env)
    base = int(setting("CLUSTER_BASE_PORT", env))
    return string.Template(HAPROXY_TEMPLATE.read_text(encoding="utf-8")).substitute(
        bind=setting("RASA_INTERFACE", env), rasa_port=setting("RASA_PORT", env),
        action_port=setting("ACTION_PORT", env), stats_port=base + 99, sticky_cookie=STICKY_COOKIE,
        errors=errors,
        rasa_servers="\n".join(f"    server rasa-{n} 127.0.0.1:{port}" for n, port in enumerate(rasa_ports, 1)),
        action_servers="\n".join(f"    server actions-{n} 127.0.0.1:{port}"
                                 for n, port in enumerate(action_ports, 1)))


def supervisord_config(programs: list[Program], var: Path) -> str:
    log, run = var / "log", var / "run"
    lines = [
        "[supervisord]", "nodaemon=true", f"logfile={log / 'supervisord.log'}", f"pidfile={run / 'supervisord.pid'}",
        f"childlogdir={log}", "loglevel=info", "",
        "[unix_http_server]", f"file={run / 'supervisor.sock'}", "chmod=0700", "",
        "[rpcinterface:supervisor]", "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
        "[supervisorctl]", f"serverurl=unix://{run / 'supervisor.sock'}", ""]
    for program in programs:
        environment = ",".join(f'{key}="{value}"' for key, value in program.environment.items())
        lines += [
            f"[program:{program.name}]",
            # Procfile lines are shell lines (${VAR:-default}, &&): bash runs them, exec'ing the server
            f"command=/bin/bash -c {shlex.quote(program.command)}".replace("%", "%%"),
            f"directory={ROOT}",
            *([f"environment={environment.replace('%', '%%')}"] if environment else []),
            "autostart=true", "autorestart=true", "startsecs=3", "startretries=10",
            "stopasgroup=true", "killasgroup=true", "stopwaitsecs=20",
            f"stdout_logfile={log / (program.name + '.log')}", "redirect_stderr=true",
            "stdout_logfile_maxbytes=10MB", "stdout_logfile_backups=2", ""]
    return "\n".join(lines)


def missing_services(env: dict[str, str] | None = None) -> list[str]:
    """What the cluster needs and this machine lacks, each said in one plain line."""
    problems = []
    if not shutil.which("haproxy"):
        problems.append("HAProxy is not installed: `make cluster-setup` installs Debian's (apt-get install haproxy).")
    db_url = setting("CLUSTER_DB_URL", env)
    try:
        ensure_database(db_url)
    except Exception as error:  # the driver's own message says why (refused, authentication…)
        problems.append(f"PostgreSQL is not reachable at {db_url} (CLUSTER_DB_URL): {str(error).splitlines()[0]}")
    lock_url = setting("LOCK_STORE_URL", env)
    try:
        import redis

        redis.Redis.from_url(lock_url, socket_connect_timeout=2).ping()
    except Exception as error:
        problems.append(f"Redis is not reachable at {lock_url} (LOCK_STORE_URL): {error}")
    return problems


def ensure_database(url: str) -> None:
    """Creates the cluster's PostgreSQL database when it does not exist yet."""
    import sqlalchemy as sa

    target = sa.engine.make_url(url)
    engine = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT",
                              connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": target.database}).scalar()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=0, help="run the cluster with this many replicas")
    parser.add_argument("--var", default=os.environ.get("CEP_VAR_DIR", str(ROOT / "var")),
                        help="where the configuration, logs and socket are written")
    args = parser.parse_args()
    load_dotenv()
    var = Path(args.var).resolve()
    for folder in (var, var / "log", var / "run"):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if args.replicas:
        problems = missing_services()
        if problems:
            print("The cluster cannot start on this machine:", *(f"- {p}" for p in problems), sep="\n", file=sys.stderr)
            raise SystemExit(2)
        errors = write_error_pages(var / "errors")
        (var / "haproxy.cfg").write_text(haproxy_config(args.replicas, errors=errors), encoding="utf-8")
        programs = cluster_programs(args.replicas, var)
    else:
        programs = single_programs()
    os.environ["CEP_VAR_DIR"] = str(var)  # the programs write their files there too (Procfile)
    config = var / "supervisord.conf"
    config.write_text(supervisord_config(programs, var), encoding="utf-8")
    print(f"supervisord: {', '.join(p.name for p in programs)}; logs in {var / 'log'}; "
          f"status: .venv/bin/supervisorctl -c {config} status", flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "supervisor.supervisord", "-c", str(config)])


if __name__ == "__main__":
    main()
