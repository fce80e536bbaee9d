"""Generates realistic conversations in Rasa's `events` table format, for volume tests.

    python -m review.generator --conversations 100000 [--db-url URL] [--reset]

French visitor messages (review/generator_texts.yml), varied profiles, fallbacks,
handoffs and shared summaries, spread over the retention window; about 20 events a
conversation. On PostgreSQL the rows go in with COPY; elsewhere with bulk inserts.
Every generated conversation's sender_id starts with "gen-" (--reset deletes them first).
The projection is brought up to date at the end, as the app would.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
import time
from pathlib import Path

import sqlalchemy as sa
import yaml

from bot.storage.database_url import create_engine
from bot.storage.retention import _delete_senders
from cep.settings import retention_days
from review import projection
from review.labels import value_label
from review.schema import create_all, events_table

TEXTS = Path(__file__).with_name("generator_texts.yml")
DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/cep_bench"
STATUS_WEIGHTS = {"private_employee": 38, "public_employee": 12, "job_seeker": 25, "self_employed": 8,
                  "student": 8, "retired": 4, "inactive": 5}
ACTIVE = {"private_employee", "public_employee", "job_seeker", "self_employed"}
STATUS_BUTTONS = [{"title": t, "payload": f'/inform{{"employment_status": "{s}"}}'} for s, t in (
    ("private_employee", "Salarié(e) du privé"), ("public_employee", "Agent public"),
    ("job_seeker", "En recherche d'emploi"), ("self_employed", "Indépendant(e), à mon compte"),
    ("student", "Étudiant(e), élève"), ("retired", "Retraité(e)"), ("inactive", "Sans activité"))]
COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")


class Conversation:
    """Builds one conversation's events as (type, timestamp, intent, action, data) rows."""

    def __init__(self, rng: random.Random, texts: dict, sender_id: str, start: float, channel: str) -> None:
        self.rng, self.texts, self.sender_id, self.t, self.channel = rng, texts, sender_id, start, channel
        self.rows: list[tuple] = []

    def _tick(self, low: float = 1.0, high: float = 40.0) -> float:
        self.t += self.rng.uniform(low, high)
        return round(self.t, 6)

    def action(self, name: str, policy: str | None = "RulePolicy") -> None:
        ts = self._tick(0.01, 0.2)
        self.rows.append(("action", ts, None, name, {"event": "action", "timestamp": ts, "name": name,
                                                     "policy": policy, "confidence": 1.0, "action_text": None,
                                                     "hide_rule_turn": False}))

    def user(self, text: str, intent: str, confidence: float, entities: list[dict] | None = None) -> None:
        ts = self._tick()
        ranking = [{"name": intent, "confidence": confidence}]
        if confidence < 1:
            ranking.append({"name": "out_of_scope", "confidence": round((1 - confidence) * 0.7, 4)})
        parse = {"intent": {"name": intent, "confidence": confidence}, "entities": entities or [], "text": text,
                 "message_id": f"{self.rng.getrandbits(64):016x}", "metadata": {}, "intent_ranking": ranking}
        self.rows.append(("user", ts, intent, None, {
            "event": "user", "timestamp": ts, "metadata": {}, "text": text, "parse_data": parse,
            "input_channel": self.channel, "message_id": parse["message_id"]}))

    def bot(self, text: str, buttons: list[dict] | None = None) -> None:
        ts = self._tick(0.05, 0.5)
        self.rows.append(("bot", ts, None, None, {
            "event": "bot", "timestamp": ts, "metadata": {}, "text": text,
            "data": {"elements": None, "quick_replies": None, "buttons": buttons, "attachment": None,
                     "image": None, "custom": None}}))

    def slot(self, name: str, value) -> None:
        ts = self._tick(0.01, 0.05)
        self.rows.append(("slot", ts, None, None, {"event": "slot", "timestamp": ts, "name": name, "value": value}))

    def turn(self, text: str, intent: str, confidence: float, action: str, reply: str,
             slots: dict | None = None, buttons: list | None = None, entities: list | None = None) -> None:
        self.user(text, intent, confidence, entities)
        for name, value in (slots or {}).items():
            self.slot(name, value)
        self.action(action, "RulePolicy" if confidence > 0.5 else "TEDPolicy")
        self.bot(reply, buttons)
        self.action("action_listen")


def build(rng: random.Random, texts: dict, index: int, now: float, days: int) -> Conversation:
    sender = f"gen-{index:06d}-{rng.getrandbits(32):08x}"
    start = now - rng.uniform(120, days * 86400 - 3600)
    conv = Conversation(rng, texts, sender, start, rng.choice(("rest", "rest", "rest", "socketio", "socketio")))
    say, bot = rng.choice, texts["bot"]
    conv.action("action_session_start", None)
    conv.rows.append(("session_started", conv.t, None, None, {"event": "session_started", "timestamp": conv.t}))
    conv.action("action_listen", None)
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    clarity = rng.choice(("one_idea", "several_ideas", "no_idea"))
    status_slots: dict = {"employment_status": status}
    working = None
    if status not in ACTIVE:
        working = rng.random() < 0.4
        status_slots["currently_working"] = working
    if rng.random() < 0.5:
        region = rng.choice(list(texts["regions"]))
        status_text = f"{say(texts['status'][status])}, {say(texts['regions'][region])}"
        status_slots["region"] = region
    else:
        status_text = say(texts["status"][status])
    if rng.random() < 0.2:
        conv.turn(say(texts["openings"]), "greet", round(rng.uniform(0.9, 1.0), 4), "utter_greet",
                  bot["welcome"] + "\n" + bot["ask_status"], buttons=STATUS_BUTTONS)
    if rng.random() < 0.3:  # the visitor uses a button
        button = next(b for b in STATUS_BUTTONS if status in b["payload"])
        status_text, conf = button["payload"], 1.0
        status_slots.pop("region", None)
    else:
        conf = round(rng.uniform(0.35, 0.99), 4)
    eligible = status in ACTIVE or bool(working)
    clarity_slots = {"project_clarity": clarity, "eligible": eligible}
    if rng.random() < 0.3:
        clarity_slots["age_group"] = rng.choice(("under_26", "26_or_more"))
    outcome = bot["eligible"] if eligible else bot["not_eligible"]
    entities = [{"entity": "employment_status", "value": status, "extractor": "ProfileExtractor"}]
    if conf < 1 and rng.random() < 0.5:  # situation and project in the first message
        conv.turn(f"{status_text} et {say(texts['clarity'][clarity])}", "inform", conf, "action_intake_outcome",
                  outcome, slots={**status_slots, **clarity_slots}, entities=entities)
    else:
        conv.turn(status_text, "inform", conf, "action_intake_outcome", bot["ask_clarity"], slots=status_slots,
                  entities=entities)
        if rng.random() < 0.12:  # not understood
            conv.turn(say(texts["unclear"]), "nlu_fallback", round(rng.uniform(0.1, 0.45), 4), "action_fallback",
                      bot["fallback"], slots={"fallback_count": 1},
                      buttons=[{"title": "Parler à un conseiller", "payload": "/request_human"}])
        conv.turn(say(texts["clarity"][clarity]), "inform", round(rng.uniform(0.4, 0.99), 4),
                  "action_intake_outcome", outcome, slots=clarity_slots)
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
        intent = rng.choice(list(texts["questions"]))
        handoff = intent == "request_human"
        conv.turn(say(texts["questions"][intent]), intent, round(rng.uniform(0.5, 0.99), 4),
                  "action_handoff" if handoff else "action_answer_question",
                  bot["handoff"] if handoff else bot["answer"], slots={"handoff_given": True} if handoff else None)
    if rng.random() < 0.3:
        conv.turn("/affirm", "affirm", 1.0, "action_store_summary", bot["shared"], slots={"intake_summary": {
            "situation": value_label("employment_status", status),
            "project": value_label("project_clarity", clarity),
            "eligibility": "Le CEP est fait pour vous" if eligible else "Le CEP ne vous concerne pas",
            "orientation": "mon-cep.org", "next_steps": bot["handoff"], "schemes": [],
            "contacts": {"phone": "09 75 18 76 91", "website": "mon-cep.org"},
            "profile": {"employment_status": status, "project_clarity": clarity},
            "approved_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(conv.t))}})
    if rng.random() < 0.25:
        conv.turn(say(texts["closings"]), "thank", round(rng.uniform(0.8, 1.0), 4), "utter_goodbye", bot["goodbye"])
    return conv


def _rows(conv: Conversation):
    for kind, ts, intent, action, data in conv.rows:
        yield (conv.sender_id, kind, ts, intent, action, json.dumps(data, ensure_ascii=False))


def _copy(engine: sa.engine.Engine, rows: list[tuple]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    buffer.seek(0)
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            cursor.copy_expert(f"COPY events ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)", buffer)
        raw.commit()
    finally:
        raw.close()


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it does not exist yet."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :d"),
                                  {"d": parsed.database}).first():
            connection.execute(sa.text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def generate(engine: sa.engine.Engine, count: int, seed: int = 7, days: int | None = None,
             chunk: int = 5000) -> int:
    """Insert `count` conversations; return how many events."""
    rng = random.Random(seed)
    texts = yaml.safe_load(TEXTS.read_text(encoding="utf-8"))
    days = days or retention_days()
    now = time.time()
    events = events_table()
    total = 0
    for start in range(0, count, chunk):
        rows = [row for i in range(start, min(start + chunk, count))
                for row in _rows(build(rng, texts, i, now, days))]
        total += len(rows)
        if engine.dialect.name == "postgresql":
            _copy(engine, rows)
        else:
            with engine.begin() as connection:
                connection.execute(events.insert(), [dict(zip(COLUMNS, row, strict=True)) for row in rows])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--db-url", default=DEFAULT_DB_URL)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reset", action="store_true", help="delete earlier generated conversations first")
    args = parser.parse_args()
    ensure_database(args.db_url)
    engine = create_engine(args.db_url)
    create_all(engine)
    began = time.perf_counter()
    if args.reset:
        events = events_table()
        with engine.begin() as connection:
            senders = [s for (s,) in connection.execute(
                sa.select(events.c.sender_id).where(events.c.sender_id.like("gen-%")).distinct())]
            _delete_senders(connection, senders)
        print(f"deleted {len(senders)} earlier generated conversations in {time.perf_counter() - began:.0f} s")
    began = time.perf_counter()
    total = generate(engine, args.conversations, args.seed)
    print(f"inserted {args.conversations} conversations, {total} events in {time.perf_counter() - began:.0f} s")
    began = time.perf_counter()
    rebuilt = projection.refresh(engine)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(sa.text("ANALYZE events"))
            connection.execute(sa.text("ANALYZE review_conversations"))
    print(f"projection: {rebuilt} conversations in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
