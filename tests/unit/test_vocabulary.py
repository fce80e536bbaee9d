"""Each slot's name and values are written once, in domain.yml: the profile, the readers, the
actions and the review app take them from there (cep/vocabulary.py) and say nothing else."""
import yaml

from cep.profile import PROFILE_SLOTS
from cep.vocabulary import DOMAIN_FILE, EMPLOYED, NOT_ACTIVE, VALUES
from review.labels import value_label
from review.schema import LISTED_SLOTS

DOMAIN_SLOTS = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["slots"]


def test_every_profile_slot_is_a_slot_of_the_domain():
    assert set(PROFILE_SLOTS) <= set(DOMAIN_SLOTS)


def test_the_values_are_the_domains():
    assert VALUES["employment_status"] == tuple(DOMAIN_SLOTS["employment_status"]["values"])
    assert set(VALUES) == {name for name, slot in DOMAIN_SLOTS.items() if slot["type"] == "categorical"}


def test_the_status_groups_cover_the_domains_statuses_once():
    assert sorted((*EMPLOYED, "job_seeker", *NOT_ACTIVE)) == sorted(VALUES["employment_status"])


def test_the_review_app_lists_profile_slots_and_labels_every_value_in_french():
    assert set(LISTED_SLOTS) <= set(PROFILE_SLOTS)
    unlabelled = [(slot, value) for slot in LISTED_SLOTS for value in VALUES.get(slot, ())
                  if value_label(slot, value) == value]
    assert unlabelled == []
