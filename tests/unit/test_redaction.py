"""Personal data is masked out of French visitor messages; ordinary words and the bot's contacts stay."""
import random

import pytest
from rasa.shared.core.events import BotUttered, UserUttered

from bot.storage.private_tracker_store import private_events
from bot.storage.redaction import ADDRESS, EMAIL, IBAN, NIR, PHONE, is_personal_identifier, redact

pytestmark = pytest.mark.security

MASKED = [
    # e-mail addresses
    ("mon mail c'est jean.dupont@gmail.com merci", f"mon mail c'est {EMAIL} merci"),
    ("écrivez à marie-claire_45+cep@orange.fr.", f"écrivez à {EMAIL}."),
    # the second outside probe's e-mail forms
    ("jean.dupont@@gmail.com", EMAIL),
    ("écris à jean%40gmail.com stp", f"écris à {EMAIL} stp"),
    ("ma boite c'est dupont point jean chez gmail point com", f"ma boite c'est {EMAIL}"),
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
    # obfuscated e-mail addresses: spaces, words, brackets, full-width characters, case, invisible characters
    ("mon mail jean.dupont @ gmail.com merci", f"mon mail {EMAIL} merci"),
    ("écrivez à jean point dupont arobase gmail point com", f"écrivez à {EMAIL}"),
    ("jean(at)gmail(dot)com", EMAIL),
    ("jean.dupont [at] gmail [dot] com", EMAIL),
    ("jean {at} gmail {dot} com !", f"{EMAIL} !"),
    ("jean_dupont<at>laposte<dot>net", EMAIL),
    ("jean (arobase) orange (point) fr", EMAIL),
    ("JEAN POINT DUPONT AROBASE GMAIL POINT COM", EMAIL),
    ("jean dot dupont at gmail dot com please", f"{EMAIL} please"),
    ("jean . dupont @ gmail . com. Merci", f"{EMAIL}. Merci"),
    ("Merci. jean@gmail.com", f"Merci. {EMAIL}"),
    ("écrivez à jean.dupont＠gmail.com", f"écrivez à {EMAIL}"),  # full-width @ (U+FF20)
    ("ｊｅａｎ＠ｇｍａｉｌ．ｃｏｍ", EMAIL),
    ("jé\u200bôme@free.fr", EMAIL),  # a zero-width space in the local part
    ("mon mail : jean arobase gmail", f"mon mail : {EMAIL}"),  # no top-level domain after a web mail
    ("jean.dupont@hotmail", EMAIL),
    # obfuscated phone numbers: separators, prefixes, full-width digits, French words
    ("rappelez-moi au 06/12/34/56/78", f"rappelez-moi au {PHONE}"),
    ("06 / 12 / 34 / 56 / 78", PHONE),
    ("06-12-34-56-78 le soir", f"{PHONE} le soir"),
    ("0612 345 678", PHONE),
    ("+33 (0)6 12 34 56 78", PHONE),
    ("0033 6 12 34 56 78", PHONE),
    ("０６ １２ ３４ ５６ ７８", PHONE),
    ("O6 12 34 56 78", PHONE),  # a capital o for the zero
    ("mon numéro zéro six douze trente-quatre cinquante-six soixante-dix-huit",
     f"mon numéro {PHONE}"),
    ("zéro six un deux trois quatre cinq six sept huit merci", f"{PHONE} merci"),
    ("ZÉRO SIX DOUZE TRENTE QUATRE CINQUANTE SIX SOIXANTE DIX HUIT", PHONE),
    ("06 douze 34 cinquante-six 78", PHONE),
    ("zéro un, quatre-vingt-dix-sept, vingt et un, soixante, onze", PHONE),  # 01 97 21 60 11
    ("zéro six douze trente-quatre cinquante-six soixante-dix-huit deux fois", f"{PHONE} deux fois"),
    ("plus trente-trois six douze trente-quatre cinquante-six soixante-dix-huit", PHONE),
    # obfuscated NIRs and IBANs
    ("sécu un quatre-vingt-cinq zéro cinq soixante-dix-huit zéro zéro six zéro quatre-vingt-quatre "
     "quatre-vingt-onze", f"sécu {NIR}"),
    ("1/85/05/78/006/084/91", NIR),
    ("１ ８５ ０５ ７８ ００６ ０８４ ９１", NIR),
    ("fr76 3000 6000 0112 3456 7890 189", IBAN),
    ("FR 76 30006 00001 12345678901 89", IBAN),
    ("FR76/3000/6000/0112/3456/7890/189 merci", f"{IBAN} merci"),
    ("ＦＲ７６３０００６００００１１２３４５６７８９０１８９", IBAN),
    # street addresses in small or capital letters, or without a number after a street word in full
    ("j'habite 5 place bellecour à Lyon", f"j'habite {ADDRESS} à Lyon"),
    ("je travaille rue de la Paix", f"je travaille {ADDRESS}"),
    ("je suis salariée rue de la Paix", f"je suis salariée {ADDRESS}"),
    ("12 Rue De La Paix", ADDRESS),
    ("12 RUE DE LA PAIX A PARIS", f"{ADDRESS} A PARIS"),
    ("je vis dans la rue des Lilas depuis 2 ans", f"je vis dans la {ADDRESS} depuis 2 ans"),
    ("rue de la Paix le lundi", f"{ADDRESS} le lundi"),
    ("Avenue de l'Opéra", ADDRESS),
    ("au 3 rue de l'Église", f"au {ADDRESS}"),
    ("je travaille au 4 cours Lafayette", f"je travaille au {ADDRESS}"),
    ("12-14 rue Victor Hugo", ADDRESS),
    ("12 rue de la Paix 75002 Paris", ADDRESS),
    ("１２ rue de la Paix", ADDRESS),
]

KEPT = [
    "je travaille chez free depuis 3 ans",  # "chez" and a provider that is also an employer: no address
    "je suis chez Orange, au service client",
    "je suis au chômage depuis 2 ans",
    "j'ai 3 enfants et 12 ans d'expérience dans le bâtiment",
    "le 09 75 18 76 91 ne répond pas",  # the national line, given by the bot
    "j'ai vu mon-cep.org et francetravail.fr",  # the bot's own websites
    "code postal 75011, né en 1985, 45000 euros par an",
    "ma commande 1234567890123456789",  # too long to be a NIR
    "FR76 3000 6000 0112 3456 7890 188",  # wrong checksum: not an IBAN
    # street words that are ordinary French here
    "il reste 1 place en formation pour moi",
    "je suis 3 cours en ligne",
    "j'ai 2 passage à faire",
    "2 voies possibles : 1 route longue ou 1 chemin court",
    "il reste 1 place de libre",
    "il reste 1 place dispo",
    "j'ai suivi 2 cours python",
    "3 cours complets",
    "je suis en cours de formation",
    # a street word without a name after it
    "je suis à la rue",
    "je suis à la rue le soir",
    "je dors dans la rue depuis deux ans",
    "dans la rue",
    "une rue",
    "la rue de mon enfance",
    "je suis à la rue le 15 mars",
    "JE DORS DANS LA RUE DE MA VILLE",
    "le boulevard périphérique est bouché",
    "une nouvelle avenue s'ouvre à moi",
    # "point", "at", "arobase" with no address around them
    "il est au point mort",
    "je fais le point avec vous",
    "that is a great point at the end",
    "Atelier du Point Com à 14 h",
    "le @ de mon clavier ne marche pas",
    # numbers that are not phone numbers, NIRs nor IBANs
    "j'ai quarante-cinq ans et vingt-deux ans d'expérience",
    "né en 1985, bac +5, 2 100 euros net par mois",
    "je touche deux mille trois cents euros",
    "trois cours en ligne et deux enfants de six, huit et douze ans",
    "du 01/02/2023 au 03/04/2024",
    "le 06/12/2023 à 10h30",
    "je suis né le 06 12 1985",
    "une formation de 400 heures sur 6 mois",
    "j'ai travaillé 12 ans, 3 mois et 2 semaines",
    "SIRET 123 456 789 00012",
    "le 3949 est le numéro de France Travail",
    "une formation bac +2 ou bac+3, 35 heures par semaine",
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
                       "visiteur-0612345678", "1850578006084", "185057800608436", "FR7630006000011234567890189",
                       # an outside probe's ids, accepted and stored before
                       "jean_dupont-gmail-com", "jean-dupont_at_gmail_com", "jeanDOTdupontATgmailDOTcom",
                       "jean-dupont-arobase-gmail-com", "x0612345678", "probe-id-06x12x34x56x78",
                       "185052A00608436", "nir2940375120005", "0-6-1-2-3-4-5-6-7-8"):
        assert is_personal_identifier(identifier), identifier
    for identifier in ("fuzz-1000037-12345678", "journey-123456789012", "eval-3f2a06123456",
                       "0f8fad5b-d9cb-469f-a165-70867728950e", "widget:8c1d2e", "telegram-6a1f0c",
                       "Jean-Menard-session", "visiteur-de-Lyon"):
        assert not is_personal_identifier(identifier), identifier


def test_random_uuids_are_never_taken_for_personal_data():
    """An integrator's UUIDs must not be refused by chance (a phone number hides in 1 % of hex digits)."""
    import uuid

    rng = random.Random(7)
    ids = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(20_000)]
    assert not [i for i in ids + [i.replace("-", "") for i in ids] if is_personal_identifier(i)]


def test_the_review_search_text_is_built_from_the_redacted_text():
    """The review app's search text folds compatibility forms ("＠" to "@"): it must be built from the redacted
    text (a row written by an older redaction is redacted again), or it would rebuild the address."""
    from review.events import read_event
    from review.projection import ConversationRow

    row = ConversationRow("visiteur")
    row.add(read_event({"event": "user", "timestamp": 1.0, "text": "écrivez à jean＠gmail．com ou au ０６ １２ ３４ ５６ ７８"}))
    search_text = row.as_row()["search_text"]
    assert "jean" not in search_text and "@" not in search_text and "06" not in search_text
    assert search_text == "ecrivez a [courriel masque] ou au [telephone masque]"
