"""Exports: the filtered list or one conversation as CSV and JSON, the intake summary as PDF.

CSV cells that a spreadsheet would run as a formula (=, +, -, @ first, even after spaces)
are quoted with a leading apostrophe: visitor text is never trusted.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import matplotlib
from fpdf import FPDF

from review.conversations import Transcript
from review.labels import slot_label, value_label
from review.schema import LISTED_SLOTS

LIST_COLUMNS = ("sender_id", "channel", "first_time", "last_time", "user_turns", "bot_turns", "min_confidence",
                "fallback", "handoff", "has_summary", *LISTED_SLOTS)
TURN_COLUMNS = ("time", "kind", "text", "button", "intent", "confidence", "slot", "value")
SUMMARY_FIELDS = (("situation", "Situation"), ("project", "Projet"), ("eligibility", "CEP"),
                  ("orientation", "Qui contacter"), ("next_steps", "Prochaine étape"))
# matplotlib (a dependency of Rasa) ships DejaVu, which has every French character
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
FONT_BOLD = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"


def iso(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).isoformat(timespec="seconds")


FORMULA_STARTS = ("=", "+", "-", "@")


def safe_cell(value: object) -> object:
    """The cell, with a leading apostrophe when a spreadsheet would run it as a formula: it starts
    with = + - @ (after any spaces, tabs or line breaks, which spreadsheets skip) or a tab or CR."""
    if isinstance(value, str) and (value[:1] in ("\t", "\r") or value.lstrip().startswith(FORMULA_STARTS)):
        return "'" + value
    return value


def _csv_lines(header: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def list_csv(rows: Iterable[dict]) -> Iterator[str]:
    def cells(row: dict) -> list:
        return [iso(row[c]) if c.endswith("_time") else row[c] for c in LIST_COLUMNS]
    return _csv_lines(LIST_COLUMNS, (cells(r) for r in rows))


def list_json(rows: Iterable[dict]) -> Iterator[str]:
    yield "["
    for i, row in enumerate(rows):
        row = dict(row, first_time=iso(row["first_time"]), last_time=iso(row["last_time"]))
        yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
    yield "]"


def turn_cells(turn: dict) -> list:
    value = turn.get("value")
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    return [iso(turn.get("at")), turn["kind"], turn.get("text") or turn.get("name") if turn["kind"] != "slot" else "",
            turn.get("button_title") or "", turn.get("intent") or "", turn.get("confidence"),
            turn.get("name") if turn["kind"] == "slot" else "", value if value is not None else ""]


def transcript_csv(transcript: Transcript) -> str:
    return "".join(_csv_lines(TURN_COLUMNS, (turn_cells(t) for t in transcript.turns)))


def transcript_json(transcript: Transcript, row: dict | None, notes: list[dict], tags: list[str]) -> str:
    turns = [dict(t, at=iso(t.get("at"))) for t in transcript.turns]
    return json.dumps({"sender_id": transcript.sender_id, "conversation": row, "summary": transcript.summary,
                       "slots": transcript.slots, "turns": turns, "tags": tags,
                       "notes": [dict(n, created_at=iso(n["created_at"])) for n in notes]},
                      ensure_ascii=False, indent=1, default=str)


def summary_pdf(sender_id: str, summary: dict) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title("Résumé de la demande — CEP")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 9, "Résumé de la demande (premier accueil CEP)", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    rows = [(label, summary.get(key)) for key, label in SUMMARY_FIELDS if summary.get(key)]
    if summary.get("schemes"):
        rows.append(("Dispositifs à explorer", ", ".join(map(str, summary["schemes"]))))
    contacts = summary.get("contacts") or {}
    if contacts:
        rows.append(("Contacts", " ; ".join(str(v) for v in contacts.values() if v)))
    profile = summary.get("profile") or {}
    if profile:
        rows.append(("Profil", " ; ".join(f"{slot_label(k)} : {value_label(k, v)}" for k, v in profile.items())))
    for label, value in rows:
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 7, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, str(value), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, f"Conversation {sender_id} — résumé approuvé par la personne le "
                         f"{summary.get('approved_at', '')}. Document confidentiel.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
