"""The review app's commands (Makefile targets call them).

    python -m review.cli counsellor EMAIL [--role admin]   # password prompted, or read from stdin
    python -m review.cli disable EMAIL                     # refuse its logins, end its sessions
    python -m review.cli audit [--limit 100] [--actor EMAIL]
    python -m review.cli erase SENDER_ID --by EMAIL        # right to erasure, audited
    python -m review.cli refresh                           # bring the projection up to date now
"""
from __future__ import annotations

import argparse
import getpass
import sys

from bot.storage.database_url import create_engine
from bot.storage.retention import erase_conversation
from review import accounts, audit, projection
from review.schema import create_all
from review.settings import Settings


def _engine():
    engine = create_engine(Settings.from_env().db_url)
    create_all(engine)
    return engine


def _password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mot de passe (12 caractères au moins) : ")
    if getpass.getpass("Encore une fois : ") != first:
        raise SystemExit("les deux mots de passe diffèrent")
    return first


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="review.cli", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("counsellor", help="create an account (or reset its password and role)")
    create.add_argument("email")
    create.add_argument("--role", choices=accounts.ROLES, default="counsellor")
    disable = commands.add_parser("disable", help="disable an account: its logins are refused, its sessions end")
    disable.add_argument("email")
    log = commands.add_parser("audit", help="print the audit log, newest first")
    log.add_argument("--limit", type=int, default=100)
    log.add_argument("--actor")
    erase = commands.add_parser("erase", help="erase one conversation and every copy of it")
    erase.add_argument("sender_id")
    erase.add_argument("--by", required=True, help="who asked (written to the audit log)")
    commands.add_parser("refresh", help="bring the conversation projection up to date")
    args = parser.parse_args(argv)

    engine = _engine()
    if args.command == "counsellor":
        try:
            counsellor = accounts.create_counsellor(engine, args.email, _password(), args.role)
        except ValueError as error:
            raise SystemExit(f"error: {error}") from None
        audit.record(engine, "commande", "compte", f"{counsellor.email} ({counsellor.role})")
        print(f"account ready: {counsellor.email} ({counsellor.role})")
    elif args.command == "disable":
        if not accounts.disable_counsellor(engine, args.email):
            raise SystemExit(f"error: no account {args.email.strip().lower()}")
        audit.record(engine, "commande", "compte désactivé", args.email.strip().lower())
        print(f"account disabled, its sessions ended: {args.email.strip().lower()}")
    elif args.command == "audit":
        for entry in audit.entries(engine, args.limit, args.actor):
            print(audit.format_entry(entry))
    elif args.command == "erase":
        deleted = erase_conversation(engine, args.sender_id)
        audit.record(engine, f"commande ({args.by})", "effacement", args.sender_id)
        print(f"erased {args.sender_id}: {deleted} event(s), with its projection, notes and tags")
    elif args.command == "refresh":
        print(f"{projection.refresh(engine)} conversation(s) rebuilt")


if __name__ == "__main__":
    main()
