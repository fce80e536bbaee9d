"""Login and logout. Login opens a session kept in the database (review/sessions.py) whose token
the signed cookie carries; logout ends it, so that a copy of the cookie opens nothing."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for

from review import accounts, audit, sessions
from review.web.common import engine, local_path, log, now, settings

bp = Blueprint("auth", __name__)


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    error, status = None, 200
    if request.method == "POST":
        db = engine()
        email, password = request.form.get("email", ""), request.form.get("password", "")
        ip = request.remote_addr or "?"
        counsellor, throttled = accounts.login(db, email, password, ip)
        if counsellor:
            if session.get("session_token"):  # logged in again: the previous session ends
                sessions.end(db, session["session_token"])
            session.clear()
            session.permanent = True
            session["session_token"] = sessions.start(db, counsellor, settings(), now())
            audit.record(db, counsellor.email, "connexion", None, ip)
            return redirect(local_path(request.args.get("next", "")) or url_for("conversations.conversation_list"))
        typed = email.strip().lower()[:255] or "?"
        if throttled:
            error, status = "Trop de tentatives de connexion. Réessayez dans quelques minutes.", 429
            audit.record(db, typed, "connexion bloquée (trop de tentatives)", None, ip)
        else:
            error, status = "Adresse ou mot de passe incorrect.", 401
            audit.record(db, typed, "connexion refusée", None, ip)
    return render_template("login.html", error=error), status


@bp.route("/deconnexion", methods=["POST"])
def logout():
    log("déconnexion")
    sessions.end(engine(), session["session_token"])  # a copy of the cookie opens nothing now
    session.clear()
    return redirect(url_for("auth.login"))
