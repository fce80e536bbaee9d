"""The review app's factory (Flask): create_app() configures the app, keeps the database engine,
settings and clock in app.extensions (the views read them through review/web/common.py), and
registers the request hooks, the error handlers and the blueprints of review/web/.

Every route needs a logged-in counsellor except the login page; admin actions need the admin
role; every form post carries a CSRF token (Flask-WTF); views and exports are written to the
audit log. The signed session cookie carries the token of a session kept in the database
(review/sessions.py), checked on every request: when the session has ended, the counsellor is
sent back to the login page.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask, Response, abort, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from bot.storage.database_url import create_engine
from review import conversations as convs
from review import exports, projection, sessions
from review.conversations import PARIS
from review.labels import channel_label, choices, slot_label, value_label
from review.schema import create_all
from review.settings import Settings
from review.web import admin, auth, common, conversations, dashboard

PUBLIC_ENDPOINTS = {"auth.login", "static"}
SESSION_ENDED = "Votre session a expiré : reconnectez-vous."
BLUEPRINTS = (auth.bp, conversations.bp, dashboard.bp, admin.bp)


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
    app.extensions.update({common.ENGINE: engine, common.SETTINGS: settings, common.CLOCK: clock})
    if background_refresh:
        projection.Refresher(engine, settings.refresh_every).start()
    app.jinja_env.globals.update(slot_label=slot_label, value_label=value_label, channel_label=channel_label,
                                 choices=choices, iso=exports.iso, FILTER_SLOTS=convs.FILTER_SLOTS,
                                 NOT_SET=convs.NOT_SET)
    app.jinja_env.filters["when"] = _when

    app.before_request(require_login)
    CSRFProtect(app)  # after the login check: an anonymous post is refused as such
    app.after_request(security_headers)
    for error, handler in ERROR_HANDLERS.items():
        app.register_error_handler(error, handler)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app


def require_login():
    """Who is logged in (g.counsellor), from the session the cookie names; anyone else is sent
    to the login page (a GET, to come back after) or refused (401)."""
    g.counsellor, ended = None, False
    token = session.get("session_token")
    if token is not None:  # ended by logout, idleness, age, a password reset or a disabled account?
        g.counsellor = sessions.resume(common.engine(), token, common.settings(), common.now())
        if g.counsellor is None:
            ended = True
            session.pop("session_token")
            flash(SESSION_ENDED)
    if request.endpoint not in PUBLIC_ENDPOINTS and g.counsellor is None:
        if request.method == "GET" and request.endpoint is not None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if ended:  # e.g. a form sent after the session ended: to the login page, with the message
            return redirect(url_for("auth.login"))
        abort(401)
    return None


def security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data:; "
                                                   "style-src 'self'; frame-ancestors 'none'; form-action 'self'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _error_page(message: str, status: int):
    """An error handler that shows `message` on the error page, with `status`."""
    def handler(error):
        return render_template("error.html", message=message), status
    return handler


ERROR_HANDLERS = {
    CSRFError: _error_page("Formulaire expiré ou invalide : rechargez la page.", 400),
    403: _error_page("Cette action est réservée aux administrateurs.", 403),
    convs.InvalidFilter: _error_page("Date hors des limites : choisissez une date entre 2000 et 2100.", 400),
    404: _error_page("Page ou conversation introuvable.", 404),
}


def _when(timestamp: float | None) -> str:
    """A time as counsellors read it: French date, Paris time."""
    if timestamp is None:
        return ""
    return dt.datetime.fromtimestamp(timestamp, PARIS).strftime("%d/%m/%Y %H:%M")
