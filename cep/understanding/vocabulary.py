"""The profile's values as the readers use them (contract.md): one place for both the lexicon
(profile_reader.py) and the learned reader (learned_reader.py)."""
from __future__ import annotations

EMPLOYED = ("private_employee", "public_employee", "self_employed")
NOT_ACTIVE = ("student", "retired", "inactive")
STATUSES = EMPLOYED + ("job_seeker",) + NOT_ACTIVE
CLARITIES = ("one_idea", "several_ideas", "no_idea")
