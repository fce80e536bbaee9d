"""Which schemes fit a profile, and which do not and why. Pure logic, no Rasa.

The rules follow ../shared/docs/domain.md; the words and facts are in knowledge/schemes.yml.
Never contradictory: no CPF participation for a job seeker, no démission-reconversion for a
public agent, a self-employed person, a job seeker or a fixed-term contract.
"""
from __future__ import annotations

from dataclasses import dataclass

from cep.profile import Profile

FIXED_TERM = ("fixed_term", "apprenticeship")
# what matters first for each kind of project (schemes not listed come after, in rule order)
RELEVANCE = {
    "reconversion": ["bilan_competences", "transition_project", "resignation_retraining", "cpf"],
    "internal_mobility": ["career_review", "retraining_period", "bilan_competences", "cpf"],
    "change_employer": ["bilan_competences", "cpf", "career_review"],
    "training": ["cpf", "transition_project", "retraining_period", "vae"],
    "business_creation": ["business_support", "bilan_competences", "cpf"],
    "vae": ["vae", "cpf", "bilan_competences"],
    None: ["bilan_competences", "cpf", "cpf_public", "vae", "transition_project"],
}
# schemes that only make sense once the visitor has a project
NEED_A_PROJECT = ("transition_project", "resignation_retraining", "business_support")
# statuses for whom a scheme reserved to private-sector employees may apply
EMPLOYEE_LIKE = ("private_employee", "student", "retired", "inactive")


@dataclass(frozen=True)
class Advice:
    scheme: str
    fits: bool
    why: str = ""  # for an excluded scheme: the key of its `not_for` reason in schemes.yml
    condition: str = ""  # for a scheme that fits only if something we do not know holds


def _private_employee(profile: Profile) -> bool:
    if profile.employment_status == "private_employee":
        return True
    return profile.employment_status in EMPLOYEE_LIKE and profile.currently_working is True


def advise(profile: Profile) -> list[Advice]:
    """Schemes for an eligible visitor, the most relevant to their project first."""
    if profile.eligible is not True:
        return []
    status, project = profile.employment_status, profile.project_type
    fits: list[Advice] = [Advice("bilan_competences", True), Advice("vae", True)]
    if project == "business_creation":
        fits.append(Advice("business_support", True))
    fits.append(Advice("cpf_public" if status == "public_employee" else "cpf", True))
    excluded: list[Advice] = []
    if _private_employee(profile):
        if profile.contract_type in FIXED_TERM:
            excluded.append(Advice("resignation_retraining", False, why="fixed_term"))
            fits.append(Advice("transition_project", True))
        else:
            fits.append(Advice("transition_project", True))
            fits.append(Advice("resignation_retraining", True,
                               condition="" if profile.contract_type == "cdi" else "cdi"))
        fits.append(Advice("retraining_period", True))
        if project in ("internal_mobility", None):
            fits.append(Advice("career_review", True))
    elif status in ("public_employee", "self_employed", "job_seeker"):
        # not listed (only what fits is), but explained with why when the visitor asks about them
        excluded += [Advice("resignation_retraining", False, why=status), Advice("transition_project", False, why=status)]
    if profile.project_clarity == "no_idea":  # the CEP and a bilan first; these need a project
        fits = [a for a in fits if a.scheme not in NEED_A_PROJECT]
    order = RELEVANCE.get(project, RELEVANCE[None])
    fits.sort(key=lambda a: order.index(a.scheme) if a.scheme in order else len(order))
    return fits + excluded


def questions_that_change_the_answer(profile: Profile) -> list[str]:
    """Profile slots worth asking, because the answer changes the orientation or the schemes:
    the age of a job seeker (Mission locale before 26), the contract of a private employee
    with a project (démission-reconversion needs a CDI). Region, cadre and the rest are taken
    when the visitor says them; mon-cep.org finds the regional operator anyway."""
    if profile.eligible is not True or profile.project_clarity is None:
        return []
    has_project = profile.project_clarity in ("one_idea", "several_ideas")
    if profile.employment_status == "job_seeker":
        return ["age_group"]
    if (profile.employment_status == "private_employee" and has_project
            and profile.project_type in ("reconversion", "business_creation", None)):
        return ["contract_type"]
    return []


def cpf_participation_due(profile: Profile) -> bool:
    """Job seekers do not pay the CPF's flat participation (décret 2024-394)."""
    return profile.employment_status != "job_seeker"
