"""Every fact the assistant states comes from knowledge/ with a source and a date."""
import datetime as dt
import re

from actions import replies
from cep import knowledge
from cep.profile import Profile

PHONE = re.compile(r"\b0\d(?: ?\d\d){4}\b")


def test_every_answer_and_contact_has_a_source_and_a_date():
    national, operators = knowledge.contacts()
    items = list(knowledge.answers().values()) + list(operators.values()) + [national]
    for item in items:
        sources = getattr(item, "sources", None) or (item.source,)
        assert sources and all(s.title for s in sources)
        assert isinstance(item.verified_on, dt.date)


def test_phone_numbers_only_come_from_the_contacts_file():
    national = knowledge.national()
    for text in [str(replies.messages()), str(knowledge.answers())]:
        assert PHONE.findall(text) == []
    assert national.phone == "09 75 18 76 91"


def test_the_handoff_gives_the_booking_route_of_the_profile_and_the_national_line():
    routes = {None: "mon-cep.org", "private_employee": "mon-cep.org", "self_employed": "mon-cep.org",
              "public_employee": "centre de gestion", "job_seeker": "France Travail"}
    for status, route in routes.items():
        text = replies.handoff(Profile(status, eligible=True if status else None))[0]["text"]
        assert route in text and "09 75 18 76 91" in text
    not_eligible = replies.handoff(Profile("student", currently_working=False, eligible=False))[0]["text"]
    assert "09 75 18 76 91" in not_eligible


def test_a_source_that_backs_only_the_public_agents_text_is_not_cited_to_an_employee():
    from actions.replies import answer
    from cep.profile import Profile

    employee = answer("ask_employer", Profile("private_employee", eligible=True))
    agent = answer("ask_employer", Profile("public_employee", eligible=True))
    assert "agents publics" not in employee.splitlines()[-1] and "service-public.fr" in employee.splitlines()[-1]
    assert "agents publics" in agent.splitlines()[-1]


def test_resignation_retraining_is_said_plainly_not_for_public_agents_nor_the_self_employed():
    # a titulaire asked "ça marche pour moi ?" and got the general rule, then "je ne sais pas répondre"
    from cep import knowledge
    answer = knowledge.answers()["resignation_unemployment"]
    assert "ne concerne pas les agents publics" in answer.text_for("public_employee")
    assert "ne concerne pas les indépendants" in answer.text_for("self_employed")
    assert "1 300 jours" in answer.text_for("private_employee")
