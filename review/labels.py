"""French labels of slots and values (review/labels.yml), for pages and exports."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yml")


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def slot_label(name: str) -> str:
    return labels()["slots"].get(name, name)


def value_label(slot: str, value: Any) -> str:
    if value is None:
        return "—"
    key = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return str(labels()["values"].get(slot, {}).get(key, key))


def choices(slot: str) -> list[tuple[str, str]]:
    """The known values of a slot with their labels, in the file's order."""
    return [(str(k), str(v)) for k, v in labels()["values"].get(slot, {}).items()]


def channel_label(channel: str | None) -> str:
    return labels()["channels"].get(channel, channel or "—")
