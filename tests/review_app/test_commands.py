"""The review app's commands: account creation, and the volume generator's data as Rasa reads it."""
import asyncio
import os
import subprocess
import sys

import sqlalchemy as sa

from review import projection
from review.generator import generate
from review.schema import conversations as projection_table
from tests.review_app.helpers import PASSWORD, ROOT, login


def run_cli(db_url, *args, stdin=""):
    env = dict(os.environ, CONVERSATIONS_DB_URL=db_url, REVIEW_SECRET_KEY="test")
    return subprocess.run([sys.executable, "-m", "review.cli", *args], input=stdin, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_an_account_made_by_the_command_logs_in_with_its_role(app, db_url):
    made = run_cli(db_url, "counsellor", "Paul@CEP.example", "--role", "admin", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    client = app.test_client()
    assert login(client, "paul@cep.example").status_code == 302
    assert client.get("/admin/journal").status_code == 200


def test_the_command_refuses_a_short_password(app, db_url):
    refused = run_cli(db_url, "counsellor", "paul@cep.example", stdin="court\n")
    assert refused.returncode != 0 and "12 characters" in refused.stderr
    assert login(app.test_client(), "paul@cep.example", "court").status_code == 401


def test_generated_conversations_are_read_back_by_rasa_and_projected(engine, store):
    events = generate(engine, 30, seed=3, chunk=7)
    assert events > 30 * 10
    with engine.connect() as connection:
        senders = [s for (s,) in connection.execute(sa.text("SELECT DISTINCT sender_id FROM events"))]
    assert len(senders) == 30 and all(s.startswith("gen-") for s in senders)
    tracker = asyncio.run(store.retrieve_full_tracker(senders[0]))
    assert tracker.get_slot("employment_status") in {"private_employee", "public_employee", "job_seeker",
                                                      "self_employed", "student", "retired", "inactive"}
    assert tracker.latest_message.text
    projection.refresh(engine)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(projection_table.c.employment_status, projection_table.c.user_turns)).all()
    assert len(rows) == 30 and all(status and turns >= 1 for status, turns in rows)


def test_the_disable_command_ends_the_sessions_and_refuses_logins(app, db_url):
    assert run_cli(db_url, "counsellor", "paul@cep.example", stdin=PASSWORD + "\n").returncode == 0
    client = app.test_client()
    assert login(client, "paul@cep.example").status_code == 302
    done = run_cli(db_url, "disable", "Paul@cep.example")
    assert done.returncode == 0, done.stderr
    assert client.get("/conversations").status_code == 302
    assert login(app.test_client(), "paul@cep.example").status_code == 401
    assert run_cli(db_url, "disable", "personne@cep.example").returncode != 0
