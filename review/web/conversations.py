"""The conversations: the filtered list, a transcript, counsellors' notes and tags, exports
(the list as CSV or JSON, one conversation as CSV, JSON or its summary as PDF), and erasure on
request (admins). Every view and export is written to the audit log."""
from __future__ import annotations

import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for

from bot.storage.retention import erase_conversation
from review import conversations as convs
from review import exports
from review.web.common import actor, admin_only, catch_up, engine, filter_form, log

bp = Blueprint("conversations", __name__)


@bp.route("/")
def home():
    return redirect(url_for("conversations.conversation_list"))


@bp.route("/conversations")
def conversation_list():
    db = engine()
    catch_up(db)
    filters = convs.Filters.from_args(request.args)
    page = convs.list_conversations(db, filters, request.args.get("page", 1, type=int))
    log("liste", filters.describe())
    return render_template("list.html", page=page, **filter_form(db, filters))


@bp.route("/conversations/export.<kind>")
def list_export(kind: str):
    if kind not in ("csv", "json"):
        abort(404)
    db = engine()
    catch_up(db)
    filters = convs.Filters.from_args(request.args)
    count = convs.count_conversations(db, filters, limit=convs.EXPORT_LIMIT)
    log(f"export liste {kind}", f"{filters.describe()} — {count} conversation(s)")
    rows = convs.iter_conversations(db, filters, limit=convs.EXPORT_LIMIT)
    body = exports.list_csv(rows) if kind == "csv" else exports.list_json(rows)
    return _download(stream_with_context(body), f"conversations.{kind}", kind)


@bp.route("/conversations/<sender_id>")
def conversation(sender_id: str):
    db = engine()
    transcript = convs.transcript(db, sender_id)
    if transcript is None:
        abort(404)
    log("lecture", sender_id)
    return render_template("transcript.html", t=transcript, row=convs.conversation_row(db, sender_id),
                           notes=convs.notes_of(db, sender_id), tags=convs.tags_of(db, sender_id))


@bp.route("/conversations/<sender_id>/export.<kind>")
def conversation_export(sender_id: str, kind: str):
    db = engine()
    transcript = convs.transcript(db, sender_id)
    if transcript is None or kind not in ("csv", "json", "pdf"):
        abort(404)
    log(f"export {kind}", sender_id)
    if kind == "csv":
        return _download(exports.transcript_csv(transcript), f"conversation-{sender_id}.csv", kind)
    if kind == "json":
        body = exports.transcript_json(transcript, _jsonable(convs.conversation_row(db, sender_id)),
                                       convs.notes_of(db, sender_id), convs.tags_of(db, sender_id))
        return _download(body, f"conversation-{sender_id}.json", kind)
    if not transcript.summary:
        abort(404)
    return _download(exports.summary_pdf(sender_id, transcript.summary), f"resume-{sender_id}.pdf", kind)


@bp.route("/conversations/<sender_id>/notes", methods=["POST"])
def add_note(sender_id: str):
    db = engine()
    body = request.form.get("body", "").strip()
    if body and convs.exists(db, sender_id):
        convs.add_note(db, sender_id, actor(), body)
        log("note", sender_id)
        flash("Note enregistrée.")
    return redirect(url_for("conversations.conversation", sender_id=sender_id))


@bp.route("/conversations/<sender_id>/etiquettes", methods=["POST"])
def add_tag(sender_id: str):
    db = engine()
    if convs.exists(db, sender_id):
        convs.add_tag(db, sender_id, actor(), request.form.get("tag", ""))
        log("étiquette", sender_id)
    return redirect(url_for("conversations.conversation", sender_id=sender_id))


@bp.route("/conversations/<sender_id>/etiquettes/retirer", methods=["POST"])
def remove_tag(sender_id: str):
    convs.remove_tag(engine(), sender_id, request.form.get("tag", ""))
    log("étiquette retirée", sender_id)
    return redirect(url_for("conversations.conversation", sender_id=sender_id))


@bp.route("/conversations/<sender_id>/effacer", methods=["POST"])
@admin_only
def erase(sender_id: str):
    if request.form.get("confirm") != "oui":
        flash("Cochez la case de confirmation pour effacer la conversation.")
        return redirect(url_for("conversations.conversation", sender_id=sender_id))
    deleted = erase_conversation(engine(), sender_id)
    log("effacement", sender_id)
    flash(f"Conversation {sender_id} effacée ({deleted} événements).")
    return redirect(url_for("conversations.conversation_list"))


def _jsonable(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {k: (exports.iso(v) if k.endswith("_time") else v) for k, v in row.items()
            if k not in ("search_text", "search_vector")}


def _download(body, filename: str, kind: str) -> Response:
    mimetype = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                "pdf": "application/pdf"}[kind]
    response = Response(body, mimetype=mimetype)
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    response.headers["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response
