"""The review app's routes (Flask). Every route needs a logged-in counsellor except the
login page; admin actions need the admin role; every form post carries a CSRF token
(Flask-WTF); views and exports are written to the audit log. The signed session cookie
carries the token of a session kept in the database (review/sessions.py), checked on every
request: when the session has ended, the counsellor is sent back to the login page.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    Flask,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_wtf.csrf import CSRFError, CSRFProtect

from bot.storage.database_url import create_engine
from bot.storage.retention import erase_conversation
from review import accounts, audit, charts, exports, projection, sessions
from review import conversations as convs
from review.conversations import PARIS
from review.labels import channel_label, choices, slot_label, value_label
from review.schema import create_all
from review.settings import Settings

PUBLIC_ENDPOINTS = {"login", "static"}
SESSION_ENDED = "Votre session a expiré : reconnectez-vous."
REQUEST_REFRESH_BATCH = 5_000  # events a page request may project before it is served


# a path of this site: "/" then a letter, a digit or an allowed sign; no control character, space or backslash
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")


def local_path(target: str) -> str | None:
    """`target` when it is a path of this site, to go back to after login; None otherwise. A browser
    drops tabs and newlines and reads a backslash as a slash, so "/\t/evil.example" would be "//evil.example"."""
    if not _LOCAL_PATH.fullmatch(target or "") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def create_app(settings: Settings | None = None, engine: sa.engine.Engine | None = None,
               background_refresh: bool = False, clock: Callable[[], float] = time.time) -> Flask:
    """The app; `clock` (seconds since the epoch) times the sessions, for tests."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME="cep_review",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        # the cookie lasts as long as a session may, from login: responses do not extend it
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.session_max_hours),
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=settings.session_max_hours * 3600,
        WTF_CSRF_SSL_STRICT=settings.secure_cookies,
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    engine = engine or create_engine(settings.db_url)
    create_all(engine)
    app.extensions["review_engine"] = engine
    app.extensions["review_settings"] = settings
    if background_refresh:
        projection.Refresher(engine, settings.refresh_every).start()
    app.jinja_env.globals.update(slot_label=slot_label, value_label=value_label, channel_label=channel_label,
                                 choices=choices, iso=exports.iso, FILTER_SLOTS=convs.FILTER_SLOTS,
                                 NOT_SET=convs.NOT_SET)
    app.jinja_env.filters["when"] = _when

    def actor() -> str:
        return g.counsellor.email

    def log(action: str, target: str | None = None) -> None:
        audit.record(engine, actor(), action, target, request.remote_addr)

    def fresh() -> None:
        catch_up(engine)

    @app.before_request
    def require_login():
        g.counsellor, ended = None, False
        token = session.get("session_token")
        if token is not None:  # ended by logout, idleness, age, a password reset or a disabled account?
            g.counsellor = sessions.resume(engine, token, settings, clock())
            if g.counsellor is None:
                ended = True
                session.pop("session_token")
                flash(SESSION_ENDED)
        if request.endpoint not in PUBLIC_ENDPOINTS and g.counsellor is None:
            if request.method == "GET" and request.endpoint is not None:
                return redirect(url_for("login", next=request.full_path.rstrip("?")))
            if ended:  # e.g. a form sent after the session ended: to the login page, with the message
                return redirect(url_for("login"))
            abort(401)
        return None

    CSRFProtect(app)  # after the login check: an anonymous post is refused as such

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data:; "
                                                       "style-src 'self'; frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):
        return render_template("error.html", message="Formulaire expiré ou invalide : rechargez la page."), 400

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("error.html", message="Cette action est réservée aux administrateurs."), 403

    @app.errorhandler(convs.InvalidFilter)
    def invalid_filter(error: convs.InvalidFilter):
        return render_template("error.html", message="Date hors des limites : choisissez une date entre 2000 et 2100."), 400

    @app.errorhandler(404)
    def not_found(error):
        return render_template("error.html", message="Page ou conversation introuvable."), 404

    def admin_only(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not g.counsellor.is_admin:
                log("refusé (réservé aux administrateurs)", request.path)
                abort(403)
            return view(*args, **kwargs)
        return wrapper

    @app.route("/connexion", methods=["GET", "POST"])
    def login():
        error, status = None, 200
        if request.method == "POST":
            email, password = request.form.get("email", ""), request.form.get("password", "")
            ip = request.remote_addr or "?"
            counsellor, throttled = accounts.login(engine, email, password, ip)
            if counsellor:
                if session.get("session_token"):  # logged in again: the previous session ends
                    sessions.end(engine, session["session_token"])
                session.clear()
                session.permanent = True
                session["session_token"] = sessions.start(engine, counsellor, settings, clock())
                audit.record(engine, counsellor.email, "connexion", None, ip)
                return redirect(local_path(request.args.get("next", "")) or url_for("conversation_list"))
            typed = email.strip().lower()[:255] or "?"
            if throttled:
                error, status = "Trop de tentatives de connexion. Réessayez dans quelques minutes.", 429
                audit.record(engine, typed, "connexion bloquée (trop de tentatives)", None, ip)
            else:
                error, status = "Adresse ou mot de passe incorrect.", 401
                audit.record(engine, typed, "connexion refusée", None, ip)
        return render_template("login.html", error=error), status

    @app.route("/deconnexion", methods=["POST"])
    def logout():
        log("déconnexion")
        sessions.end(engine, session["session_token"])  # a copy of the cookie opens nothing now
        session.clear()
        return redirect(url_for("login"))

    @app.route("/")
    def home():
        return redirect(url_for("conversation_list"))

    @app.route("/conversations")
    def conversation_list():
        fresh()
        filters = convs.Filters.from_args(request.args)
        page = convs.list_conversations(engine, filters, request.args.get("page", 1, type=int))
        log("liste", filters.describe())
        return render_template("list.html", page=page, filters=filters, args=filters.as_args(),
                               channels=_distinct(engine, "channel"), regions=_distinct(engine, "region"))

    @app.route("/conversations/export.<kind>")
    def list_export(kind: str):
        if kind not in ("csv", "json"):
            abort(404)
        fresh()
        filters = convs.Filters.from_args(request.args)
        count = convs.count_conversations(engine, filters, limit=convs.EXPORT_LIMIT)
        log(f"export liste {kind}", f"{filters.describe()} — {count} conversation(s)")
        rows = convs.iter_conversations(engine, filters, limit=convs.EXPORT_LIMIT)
        body = exports.list_csv(rows) if kind == "csv" else exports.list_json(rows)
        return _download(stream_with_context(body), f"conversations.{kind}", kind)

    @app.route("/conversations/<sender_id>")
    def conversation(sender_id: str):
        transcript = convs.transcript(engine, sender_id)
        if transcript is None:
            abort(404)
        log("lecture", sender_id)
        return render_template("transcript.html", t=transcript, row=convs.conversation_row(engine, sender_id),
                               notes=convs.notes_of(engine, sender_id), tags=convs.tags_of(engine, sender_id))

    @app.route("/conversations/<sender_id>/export.<kind>")
    def conversation_export(sender_id: str, kind: str):
        transcript = convs.transcript(engine, sender_id)
        if transcript is None or kind not in ("csv", "json", "pdf"):
            abort(404)
        log(f"export {kind}", sender_id)
        if kind == "csv":
            return _download(exports.transcript_csv(transcript), f"conversation-{sender_id}.csv", kind)
        if kind == "json":
            body = exports.transcript_json(transcript, _jsonable(convs.conversation_row(engine, sender_id)),
                                           convs.notes_of(engine, sender_id), convs.tags_of(engine, sender_id))
            return _download(body, f"conversation-{sender_id}.json", kind)
        if not transcript.summary:
            abort(404)
        return _download(exports.summary_pdf(sender_id, transcript.summary), f"resume-{sender_id}.pdf", kind)

    @app.route("/conversations/<sender_id>/notes", methods=["POST"])
    def add_note(sender_id: str):
        body = request.form.get("body", "").strip()
        if body and convs.exists(engine, sender_id):
            convs.add_note(engine, sender_id, actor(), body)
            log("note", sender_id)
            flash("Note enregistrée.")
        return redirect(url_for("conversation", sender_id=sender_id))

    @app.route("/conversations/<sender_id>/etiquettes", methods=["POST"])
    def add_tag(sender_id: str):
        if convs.exists(engine, sender_id):
            convs.add_tag(engine, sender_id, actor(), request.form.get("tag", ""))
            log("étiquette", sender_id)
        return redirect(url_for("conversation", sender_id=sender_id))

    @app.route("/conversations/<sender_id>/etiquettes/retirer", methods=["POST"])
    def remove_tag(sender_id: str):
        convs.remove_tag(engine, sender_id, request.form.get("tag", ""))
        log("étiquette retirée", sender_id)
        return redirect(url_for("conversation", sender_id=sender_id))

    @app.route("/conversations/<sender_id>/effacer", methods=["POST"])
    @admin_only
    def erase(sender_id: str):
        if request.form.get("confirm") != "oui":
            flash("Cochez la case de confirmation pour effacer la conversation.")
            return redirect(url_for("conversation", sender_id=sender_id))
        deleted = erase_conversation(engine, sender_id)
        log("effacement", sender_id)
        flash(f"Conversation {sender_id} effacée ({deleted} événements).")
        return redirect(url_for("conversation_list"))

    @app.route("/tableau-de-bord")
    def dashboard():
        fresh()
        filters = convs.Filters.from_args(request.args)
        log("tableau de bord", filters.describe())
        return render_template("dashboard.html", d=charts.dashboard(engine, filters), filters=filters,
                               args=filters.as_args(), channels=_distinct(engine, "channel"),
                               regions=_distinct(engine, "region"))

    @app.route("/admin/journal")
    @admin_only
    def audit_log():
        log("journal")
        return render_template("audit.html", entries=audit.entries(engine, limit=500,
                                                                   actor=request.args.get("actor") or None))

    return app


def catch_up(engine: sa.engine.Engine) -> bool:
    """Bring the projection up to date before a page is read, within bounds: one batch at most,
    nothing when the background refresher is at it, and stale data rather than an error page
    when the database is busy (SQLite's write lock) or away. Whether it is up to date."""
    if projection.running():
        return False
    try:
        if projection.pending(engine):
            projection.refresh(engine, batch=REQUEST_REFRESH_BATCH, max_batches=1, wait=False)
            return not projection.pending(engine)
    except sa.exc.SQLAlchemyError as error:
        logging.getLogger(__name__).warning("projection not refreshed on this request: %s",
                                            error.__class__.__name__)
        return False
    return True


_distinct_cache: dict[tuple[int, str], tuple[float, list[str]]] = {}


def _distinct(engine: sa.engine.Engine, column: str) -> list[str]:
    """The values a column holds, for the filter menus (cached five minutes)."""
    from review.schema import conversations

    key = (id(engine), column)
    cached = _distinct_cache.get(key)
    if cached and time.monotonic() - cached[0] < 300:
        return cached[1]
    col = conversations.c[column]
    with engine.connect() as connection:
        values = [v for (v,) in connection.execute(sa.select(col).where(col.isnot(None)).distinct().order_by(col))]
    _distinct_cache[key] = (time.monotonic(), values)
    return values


def _jsonable(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {k: (exports.iso(v) if k.endswith("_time") else v) for k, v in row.items()
            if k not in ("search_text", "search_vector")}


def _when(timestamp: float | None) -> str:
    """A time as counsellors read it: French date, Paris time."""
    if timestamp is None:
        return ""
    return dt.datetime.fromtimestamp(timestamp, PARIS).strftime("%d/%m/%Y %H:%M")


def _download(body, filename: str, kind: str) -> Response:
    mimetype = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                "pdf": "application/pdf"}[kind]
    response = Response(body, mimetype=mimetype)
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    response.headers["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response
