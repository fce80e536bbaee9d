"""`make stale-facts`: lists the facts whose verified_on is more than 12 months old.

Exits 1 when there is one, so a scheduled job can warn the deployer.
"""
from __future__ import annotations

import datetime as dt
import sys

from cep.knowledge import dated_facts, stale_facts


def main() -> int:
    today = dt.date.today()
    stale = stale_facts(today)
    for where, when in stale:
        print(f"{where}: verified on {when.isoformat()}, {(today - when).days} days ago")
    print(f"{len(stale)} of {len(dated_facts())} facts verified more than 12 months ago")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
