"""Deployment settings read from the environment (see README, "Configuration")."""
from __future__ import annotations

import os

DEFAULT_RETENTION_DAYS = 30


def retention_days() -> int:
    """How long conversations are kept before the purge deletes them."""
    try:
        days = int(os.environ.get("RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    except ValueError:
        return DEFAULT_RETENTION_DAYS
    return days if days > 0 else DEFAULT_RETENTION_DAYS


DEFAULT_OPERATOR = "l'organisme qui gère cet assistant"


def operator_name() -> str:
    """Who keeps the summaries and whose counsellors read them, as the visitor reads it: the deployer
    names itself with OPERATOR_NAME ("la Cité des métiers de Rennes"); visitors asked "c'est qui
    l'organisme ?" when it was not named."""
    name = " ".join(os.environ.get("OPERATOR_NAME", "").split())[:120]
    return name or DEFAULT_OPERATOR
