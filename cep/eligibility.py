"""Who may use the CEP (domain.md, "Who is eligible"). Pure logic, no Rasa.

Every active person is eligible: employees, public agents, job seekers, self-employed.
Students, retirees and inactive people are eligible only when they hold a job (a job
seeker among them is a job seeker, contract.md). Until we know whether they work: None.
A visitor who says they hold a job now ("je suis caissière le samedi", "je travaille dans la
restauration") is eligible whatever the status they have not told yet: every status that
holds a job is. The status is still asked (it decides the operator).
"""
from __future__ import annotations

from cep.profile import ACTIVE, NOT_ACTIVE


def decide_eligibility(employment_status: str | None, currently_working: bool | None,
                       holds_a_job: bool = False) -> bool | None:
    if employment_status is None and holds_a_job:
        return True
    if employment_status in ACTIVE:
        return True
    if employment_status in NOT_ACTIVE and currently_working is not None:
        return bool(currently_working)
    return None
