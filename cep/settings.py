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
