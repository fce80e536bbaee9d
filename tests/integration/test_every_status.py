"""A new visitor of each status, start to finish: the right operator, schemes and summary."""
import uuid

import pytest

from tests.integration.test_conversation import said

VISITORS = [
    ("private_employee", ["salariée en CDI dans une banque à Nantes, je veux me reconvertir dans le social"],
     ["pdl.avenir-actifs.org", "bilan de compétences", "démission-reconversion", "mon-cep.org"], "salarié(e) du privé"),
    ("public_employee", ["je suis fonctionnaire territoriale et j'hésite entre deux métiers"],
     ["centre de gestion", "bilan de compétences", "en heures"], "agent public"),
    ("job_seeker", ["j'ai 23 ans, je suis au chômage et je ne sais pas quoi faire"],
     ["France Travail", "Mission locale", "sans participation forfaitaire"], "en recherche d'emploi"),
    ("self_employed", ["auto-entrepreneur dans le web, je voudrais devenir professeur"],
     ["mon-cep.org", "bilan de compétences"], "indépendant(e)"),
    ("student", ["je suis étudiant", "oui je travaille le week-end", "je voudrais devenir infirmier"],
     ["mon-cep.org", "bilan de compétences"], "étudiant(e) ou élève, avec un emploi"),
    ("retired", ["je suis retraitée", "non"], ["pas ouvert pour l'instant", "France Travail", "mon-cep.org"], None),
    ("inactive", ["je suis mère au foyer et je ne cherche pas de travail"], ["pas ouvert pour l'instant", "France Travail"],
     None),
]


@pytest.mark.parametrize("status, messages, outcome_says, situation", VISITORS, ids=[v[0] for v in VISITORS])
def test_a_new_visitor_of_each_status(assistant, status, messages, outcome_says, situation):
    sender = f"status-{uuid.uuid4().hex[:8]}"
    replies = ""
    for message in messages:
        replies = said(assistant.say(sender, message))
    for fact in outcome_says:
        assert fact in replies, fact
    if status in ("public_employee", "job_seeker"):  # they book through their own operator
        assert "mon-cep.org" not in replies and "09 75 18 76 91" not in replies
    else:
        assert "09 75 18 76 91" in replies
    if situation:  # the eligible go on to the summary; the others were told what fits instead
        review = said(assistant.say(sender, '/disability_answer{"disability": "skip"}'))
        assert "Voici le résumé" in review and situation in review
    assert assistant.slots(sender)["employment_status"] == status
