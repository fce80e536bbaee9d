"""Personal data masked out of the visitor's text before it is stored.

    redact("écrivez-moi à jean.dupont@gmail.com")  ->  "écrivez-moi à [courriel masqué]"

What is masked: e-mail addresses, phone numbers (French numbers in any grouping, then whatever
phonenumbers finds, region FR), French social-security numbers (anything NIR-shaped, 13 or 15
digits, whatever the key: a typo in the key is still someone's number), IBANs (with their
checksum, whatever the separators) and street addresses where detectable ("12 rue de la Paix",
"3 bd Victor Hugo 69003 Lyon"; without a number when a name follows a street word that is
nothing else, "je travaille rue de la Paix", but not "je suis à la rue"; for words that are
also ordinary French, "place", "cours", "passage"…, only with a number and a name, "5 place
bellecour", not "il reste 1 place en formation").
Ordinary obfuscations are seen through: the text is searched in a normalised copy (Unicode
compatibility forms folded, as NFKC/NFKD do: full-width "＠", "０６"; accents and invisible
characters dropped; so the copy reads every form the review app's search text folds): e-mail
addresses written with spaces, words or brackets ("jean.dupont @ gmail.com", "jean point dupont
arobase gmail point com", "jean(at)gmail(dot)com", "jean [at] gmail [dot] com"), phone numbers
with any separator ("06/12/34/56/78") or in French words ("zéro six douze trente-quatre…", "zéro
six un deux…"; NIRs too), IBANs in small letters or grouped any way.
Only the personal data is replaced: the rest of the visitor's text is kept as written.
What is not: the assistant's own contact details, exactly as the fields of
knowledge/contacts.yml give them (phone numbers, e-mail addresses; never what a note or
comment mentions), which the bot gives out itself.
Only the visitor's events are redacted (bot/storage/private_tracker_store.py); NLU has
already run on the raw message, so understanding is unaffected.

Where each part lives:
- here: `redact`, which runs the detectors in order on the normalised copy and replaces what they
  find in the original, and the public names (`is_personal_identifier`, the placeholders);
- text_view.py: the normalised copy, each of its characters mapped to the original it comes from;
- number_words.py: French number words written in digits, for numbers said in words;
- own_contacts.py: the values of knowledge/contacts.yml, the assistant's own details left unmasked;
- emails.py: e-mail addresses, written tight or loosely (EMAIL);
- phones_and_nirs.py: phone numbers and social-security numbers (PHONE, NIR);
- ibans.py: IBANs (IBAN);
- addresses.py: street addresses (ADDRESS);
- identifiers.py: `is_personal_identifier`, for conversation ids that are a phone number, a NIR
  or an IBAN.
"""
from __future__ import annotations

from .addresses import ADDRESS, addresses_without_number, numbered_addresses
from .emails import EMAIL, loose_emails, tight_emails
from .ibans import IBAN, valid_ibans
from .identifiers import is_personal_identifier
from .number_words import in_digits
from .phones_and_nirs import NIR, PHONE, french_phones, mobiles_without_zero, nirs, phones
from .text_view import Detector, Span, view_of

__all__ = ["ADDRESS", "EMAIL", "IBAN", "NIR", "PHONE", "is_personal_identifier", "redact"]

# order matters: e-mails may hold digits, NIRs and IBANs would otherwise look like phone numbers; each
# detector reads the view with what the ones before found already replaced by placeholders
REDACTORS: tuple[Detector, ...] = (
    loose_emails, tight_emails, valid_ibans, in_digits(nirs, french_phones, mobiles_without_zero), phones,
    numbered_addresses, addresses_without_number)


def redact(text: str | None) -> str | None:
    """The text with the visitor's personal data replaced by placeholders, the rest as written."""
    if not text:
        return text
    view = view_of(text)
    found: list[Span] = []
    for redactor in REDACTORS:
        spans = redactor(view)
        if not spans:
            continue
        view = view.masked(spans)
        # a later span may hold an earlier placeholder: the later one replaces it
        for start, end, placeholder in spans:
            for old in [old for old in found if old[0] < end and start < old[1]]:
                found.remove(old)
                start, end = min(start, old[0]), max(end, old[1])
            found.append((start, end, placeholder))
    for start, end, placeholder in sorted(found, reverse=True):
        text = text[:start] + placeholder + text[end:]
    return text
