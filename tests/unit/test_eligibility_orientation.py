"""Eligibility (domain.md, "Who is eligible") and orientation ("Who delivers it")."""
import pytest

from cep.eligibility import decide_eligibility
from cep.orientation import operators_for
from cep.profile import Profile


@pytest.mark.parametrize("status", ["private_employee", "public_employee", "job_seeker", "self_employed"])
def test_active_people_are_eligible(status):
    assert decide_eligibility(status, None) is True


@pytest.mark.parametrize("status", ["student", "retired", "inactive"])
def test_inactive_people_depend_on_a_job(status):
    assert decide_eligibility(status, None) is None
    assert decide_eligibility(status, True) is True
    assert decide_eligibility(status, False) is False


def test_unknown_status_is_undecided():
    assert decide_eligibility(None, True) is None
    assert decide_eligibility(None, None) is None


def test_a_job_held_makes_eligible_before_the_status_is_known_but_names_no_operator():
    assert decide_eligibility(None, None, holds_a_job=True) is True
    assert decide_eligibility("student", False, holds_a_job=True) is False  # the status decides once known
    assert operators_for(Profile(None, None, eligible=True)) == []  # the national line, not a guess


def _operators(status, working=None, **extra):
    return operators_for(Profile(status, working, eligible=decide_eligibility(status, working), **extra))


def test_each_status_gets_its_operator():
    assert _operators("job_seeker") == ["france_travail"]
    assert _operators("private_employee") == ["regional_operator"]
    assert _operators("self_employed") == ["regional_operator"]
    assert _operators("public_employee") == ["public_employer"]
    assert _operators("student", True) == ["regional_operator"]


def test_young_people_and_cadres_get_their_operator_too():
    assert _operators("job_seeker", age_group="under_26") == ["france_travail", "mission_locale"]
    assert _operators("private_employee", cadre=True) == ["regional_operator", "apec"]


def test_public_agents_are_sent_to_their_employer_only():
    assert _operators("public_employee", cadre=True, age_group="under_26") == ["public_employer"]


def test_no_operator_when_not_eligible():
    assert _operators("retired", False) == []
