"""IBANs, with their checksum, in small letters or capitals and grouped any way ("FR76 3000 6000…",
"fr76-3000-6000…"). The pattern reads the normalised view (text_view.py)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from stdnum import iban

from .text_view import Span, TextView

IBAN = "[IBAN masqué]"

# country, check digits, then up to 30 letters or digits, any separators between them; the longest prefix
# that is a valid IBAN is masked
IBAN_RE = re.compile(r"(?<![\w])[A-Z]{2}[\s./_-]{0,3}\d[\s./_-]{0,3}\d(?:[\s./_-]{0,3}[A-Z0-9]){10,30}",
                     re.IGNORECASE)


@lru_cache(maxsize=1)
def _iban_lengths() -> dict[str, int]:
    """Each country's IBAN length, from python-stdnum's copy of the IBAN registry ("FR": 27)."""
    registry = Path(iban.__file__).with_name("iban.dat")
    lengths = {}
    for line in registry.read_text(encoding="utf-8").splitlines() if registry.exists() else []:
        if match := re.match(r'([A-Z]{2}) .*bban="([^"]+)"', line):
            lengths[match.group(1)] = 4 + sum(int(n) for n in re.findall(r"(\d+)!", match.group(2)))
    return lengths


def valid_ibans(view: TextView) -> list[Span]:
    lengths = _iban_lengths()
    found = []
    for match in IBAN_RE.finditer(view.text):
        candidate = match.group(0)
        ends = [m.end() for m in re.finditer(r"[A-Za-z0-9]", candidate)]
        # a greedy match may run into the next words: the prefix as long as the country's IBANs (or, the
        # registry unread, the longest prefix) whose checksum holds
        length = lengths.get(candidate[:2].upper())
        if lengths and (length is None or length > len(ends)):
            continue
        for end in [ends[length - 1]] if length else reversed(ends[14:]):
            if iban.is_valid(re.sub(r"[\s./_-]", "", candidate[:end])):
                found.append((match.start(), match.start() + end))
                break
    return view.source_spans(found, IBAN)
