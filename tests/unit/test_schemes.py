"""Orientation and schemes over every profile: right operator, right schemes, no contradiction."""
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions import replies
from cep import knowledge
from cep.eligibility import decide_eligibility
from cep.orientation import operators_for
from cep.profile import Profile
from cep.schemes import advise
from cep.vocabulary import VALUES

STATUSES = list(VALUES["employment_status"])
CLARITIES = list(VALUES["project_clarity"])
AGES = list(VALUES["age_group"])
CADRE = [True, False]
PROJECTS = [None, *VALUES["project_type"]]
CONTRACTS = [None, *VALUES["contract_type"]]
MAIN_OPERATOR = {"private_employee": "regional_operator", "self_employed": "regional_operator",
                 "public_employee": "public_employer", "job_seeker": "france_travail"}


def profile(status, clarity, age, cadre, project, contract=None, working=True, region=None):
    working = working if status in ("student", "retired", "inactive") else None
    return Profile(status, working, clarity, decide_eligibility(status, working), age, cadre,
                   None, region, contract, project)


def all_profiles():
    for status, clarity, age, cadre, project in itertools.product(STATUSES, CLARITIES, AGES, CADRE, PROJECTS):
        yield profile(status, clarity, age, cadre, project)


@pytest.mark.parametrize("p", list(all_profiles()), ids=lambda p: f"{p.employment_status}-{p.project_clarity}-{p.age_group}-{p.cadre}-{p.project_type}")
def test_every_combination(p):
    operators = operators_for(p)
    advice = advise(p)
    proposed = {a.scheme for a in advice if a.fits}
    excluded = {a.scheme for a in advice if not a.fits}
    expected_main = MAIN_OPERATOR.get(p.employment_status, "regional_operator")
    assert operators[0] == expected_main
    if p.employment_status == "public_employee":
        assert operators == ["public_employer"]
    if p.employment_status in ("public_employee", "job_seeker"):
        assert "regional_operator" not in operators
    if p.cadre and p.employment_status != "public_employee":
        assert "apec" in operators
    if p.age_group == "under_26" and p.employment_status != "public_employee":
        assert "mission_locale" in operators
    assert "bilan_competences" in proposed
    if p.employment_status in ("public_employee", "self_employed", "job_seeker"):
        assert "resignation_retraining" not in proposed
        assert "transition_project" not in proposed and "retraining_period" not in proposed
    if p.project_type == "business_creation" and p.project_clarity != "no_idea":
        assert "business_support" in proposed
    if p.project_clarity == "no_idea":  # the CEP and a bilan first
        assert not proposed & {"transition_project", "resignation_retraining"}
    if p.employment_status == "public_employee":  # their CPF, in hours
        assert "cpf_public" in proposed and "cpf" not in proposed
    assert not proposed & excluded
    text = "\n".join(m["text"] for m in replies.outcome(p) + replies.personal_information(p))
    if p.employment_status == "job_seeker":
        assert "103,20" not in text and "participation forfaitaire reste à votre charge" not in text
    # the booking route is the operator's: France Travail, the employer, or the regional operator
    route = {"job_seeker": "France Travail", "public_employee": "centre de gestion"}.get(p.employment_status, "mon-cep.org")
    assert route in text
    if p.employment_status in ("job_seeker", "public_employee"):  # not the regional operator's line
        assert "mon-cep.org" not in text and "09 75 18 76 91" not in text


@pytest.mark.parametrize("contract", ["fixed_term", "apprenticeship"])
def test_no_resignation_retraining_on_a_fixed_term_contract(contract):
    advice = advise(profile("private_employee", "one_idea", "26_or_more", False, "reconversion", contract))
    assert [a.why for a in advice if a.scheme == "resignation_retraining"] == ["fixed_term"]
    p = profile("private_employee", "one_idea", "26_or_more", False, "reconversion", contract)
    assert "démission-reconversion" not in replies.personal_information(p)[0]["text"]  # only what fits is listed
    assert replies.explain_scheme("resignation_retraining", p)[0]["text"].startswith("Pas pour vous : la démission-reconversion")


def test_resignation_retraining_needs_a_cdi_when_the_contract_is_unknown():
    text = replies.personal_information(profile("private_employee", "one_idea", "26_or_more", False, "reconversion"))[0]["text"]
    assert "si vous êtes en CDI de droit privé" in text


def test_not_eligible_visitors_get_no_scheme():
    assert advise(profile("retired", "one_idea", "26_or_more", False, None, working=False)) == []


def test_the_regional_portal_is_given_when_the_region_is_known():
    text = replies.outcome(profile("private_employee", "no_idea", "26_or_more", False, None, region="FR-BRE"))[0]["text"]
    assert "bretagne.avenir-actifs.org" in text


@given(status=st.sampled_from(STATUSES), working=st.one_of(st.none(), st.booleans()),
       clarity=st.sampled_from(CLARITIES + [None]), age=st.sampled_from(AGES + [None]),
       cadre=st.one_of(st.none(), st.booleans()), project=st.sampled_from(PROJECTS),
       contract=st.sampled_from(CONTRACTS), region=st.sampled_from([None, "FR-IDF", "FR-974", "FR-20R"]))
def test_properties_of_the_rules(status, working, clarity, age, cadre, project, contract, region):
    working = working if status in ("student", "retired", "inactive") else None
    p = Profile(status, working, clarity, decide_eligibility(status, working), age, cadre, None, region, contract, project)
    advice = advise(p)
    # eligibility is all or nothing: advice only for the eligible, an operator for every eligible
    assert bool(advice) == (p.eligible is True) == bool(operators_for(p))
    # every scheme named exists in the data, with a source
    for item in advice:
        scheme = knowledge.schemes()[item.scheme]
        assert scheme.sources and (item.fits or item.why in scheme.not_for)
    # a scheme is never both proposed and excluded; démission-reconversion needs a private employee
    proposed = {a.scheme for a in advice if a.fits}
    assert not proposed & {a.scheme for a in advice if not a.fits}
    if "resignation_retraining" in proposed:
        assert contract not in ("fixed_term", "apprenticeship")
        assert status == "private_employee" or (status in ("student", "retired", "inactive") and working)
    # a job seeker is never told to pay the CPF participation
    if status == "job_seeker":
        for item in advice:
            text = replies.explain_scheme(item.scheme, p)[0]["text"]
            assert "103,20" not in text


def test_every_scheme_detail_names_its_sources():
    for key in knowledge.schemes():
        if key != "cpf_participation":
            assert "Source : " in replies.explain_scheme(key, Profile("private_employee", eligible=True))[0]["text"]
