"""Personal data is masked out of French visitor messages; ordinary words and the bot's contacts stay."""
import pytest
from rasa.shared.core.events import BotUttered, UserUttered

from bot.storage.private_tracker_store import private_events
from bot.storage.redaction import ADDRESS, EMAIL, IBAN, NIR, PHONE, is_personal_identifier, redact

MASKED = [
    # e-mail addresses
    ("mon mail c'est jean.dupont@gmail.com merci", f"mon mail c'est {EMAIL} merci"),
    ("écrivez à marie-claire_45+cep@orange.fr.", f"écrivez à {EMAIL}."),
    # phone numbers, French formats
    ("appelez-moi au 06 12 34 56 78", f"appelez-moi au {PHONE}"),
    ("tel 0612345678 ou +33 7 81 22 33 44", f"tel {PHONE} ou {PHONE}"),
    ("mon fixe : 01.45.67.89.10 le soir", f"mon fixe : {PHONE} le soir"),
    # social-security numbers with a valid key (mainland and Corsica)
    ("mon numéro de sécu 1 85 05 78 006 084 91", f"mon numéro de sécu {NIR}"),
    ("nir 185057800608491 voilà", f"nir {NIR} voilà"),
    ("1 85 05 2A 004 123 56", NIR),
    # NIR-shaped whatever the key: a typo in the key, no key at all, Corsica without its key
    ("nir 185057800608492 faux", f"nir {NIR} faux"),
    ("mon numéro 1 85 05 78 006 084 voilà", f"mon numéro {NIR} voilà"),
    ("2.85.05.2B.004.123", NIR),
    ("sécu : 2-85-05-75-112-123-45", f"sécu : {NIR}"),
    # IBANs with a valid checksum, grouped or not
    ("mon iban FR76 3000 6000 0112 3456 7890 189 merci", f"mon iban {IBAN} merci"),
    ("FR7630006000011234567890189", IBAN),
    ("iban FR76-3000-6000-0112-3456-7890-189 svp", f"iban {IBAN} svp"),
    ("FR76.3000.6000.0112.3456.7890.189", IBAN),
    # street addresses
    ("j'habite 12 rue de la Paix à Paris", f"j'habite {ADDRESS} à Paris"),
    ("au 3 bd victor hugo 69003 Lyon je suis salarié", f"au {ADDRESS} je suis salarié"),
    ("12 bis, avenue des Champs-Élysées, 75008 Paris", ADDRESS),
    ("je vis 4 impasse des Lilas et je cherche", f"je vis {ADDRESS} et je cherche"),
    ("12 bis rue Victor Hugo", ADDRESS),
    ("3 avenue Foch", ADDRESS),
    ("j'habite 5 place Bellecour à Lyon", f"j'habite {ADDRESS} à Lyon"),
    ("au 8 chemin des Vignes", f"au {ADDRESS}"),
    ("2 quai de la Loire", ADDRESS),
    # e-mail addresses at the assistant's own domains are the visitor's, unless contacts.yml gives them
    ("contact@mon-cep.org", EMAIL),
    ("jean@francetravail.fr", EMAIL),
    ("jean@domain.md", EMAIL),  # a domain cited by a comment of contacts.yml
]

KEPT = [
    "je suis au chômage depuis 2 ans",
    "j'ai 3 enfants et 12 ans d'expérience dans le bâtiment",
    "le 09 75 18 76 91 ne répond pas",  # the national line, given by the bot
    "j'ai vu mon-cep.org et francetravail.fr",  # the bot's own websites
    "code postal 75011, né en 1985, 45000 euros par an",
    "ma commande 1234567890123456789",  # too long to be a NIR
    "FR76 3000 6000 0112 3456 7890 188",  # wrong checksum: not an IBAN
    "je travaille rue de la Paix",  # no number: not an address we can tell
    # street words that are ordinary French here
    "il reste 1 place en formation pour moi",
    "je suis 3 cours en ligne",
    "j'ai 2 passage à faire",
    "2 voies possibles : 1 route longue ou 1 chemin court",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_personal_data_is_masked(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_text_and_the_bots_contacts_are_kept(text):
    assert redact(text) == text


def test_the_stored_user_event_is_masked_and_the_bot_event_is_not():
    text = "je suis salariée, joignable au 06 12 34 56 78 ou jeanne@free.fr"
    entities = [{"entity": "contact", "value": "jeanne@free.fr", "start": 47, "end": 61}]
    user = UserUttered(text, {"name": "inform", "confidence": 0.9}, entities,
                       parse_data={"text": text, "intent": {"name": "inform", "confidence": 0.9},
                                   "entities": entities})
    bot = BotUttered("Appelez le 09 75 18 76 91 ou écrivez à jeanne@free.fr")
    stored_user, stored_bot = private_events([user, bot])
    assert stored_user.text == f"je suis salariée, joignable au {PHONE} ou {EMAIL}"
    assert stored_user.parse_data["text"] == stored_user.text
    assert stored_user.entities[0]["value"] == EMAIL
    assert stored_user.parse_data["entities"][0]["value"] == EMAIL
    assert stored_user.intent_name == "inform"
    assert stored_bot.text == bot.text


def test_a_conversation_id_that_is_a_phone_nir_or_iban_is_personal_and_an_opaque_one_is_not():
    for identifier in ("0612345678", "+33612345678", "0033612345678", "06-12-34-56-78", "06.12.34.56.78",
                       "visiteur-0612345678", "1850578006084", "185057800608436", "FR7630006000011234567890189"):
        assert is_personal_identifier(identifier), identifier
    for identifier in ("fuzz-1000037-12345678", "journey-123456789012", "eval-3f2a06123456",
                       "0f8fad5b-d9cb-469f-a165-70867728950e", "widget:8c1d2e", "telegram-6a1f0c"):
        assert not is_personal_identifier(identifier), identifier
