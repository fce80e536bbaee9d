"""Admin-only pages: the audit log (who viewed or exported what). Erasing a conversation, also
admin-only, is with the conversations (review/web/conversations.py)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from review import audit
from review.web.common import admin_only, engine, log

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/journal")
@admin_only
def audit_log():
    log("journal")
    return render_template("audit.html", entries=audit.entries(engine(), limit=500,
                                                               actor=request.args.get("actor") or None))
