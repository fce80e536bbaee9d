"""The dashboard: the filtered conversations' charts (review/charts.py)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from review import charts
from review import conversations as convs
from review.web.common import catch_up, engine, filter_form, log

bp = Blueprint("dashboard", __name__)


@bp.route("/tableau-de-bord")
def dashboard():
    db = engine()
    catch_up(db)
    filters = convs.Filters.from_args(request.args)
    log("tableau de bord", filters.describe())
    return render_template("dashboard.html", d=charts.dashboard(db, filters), **filter_form(db, filters))
