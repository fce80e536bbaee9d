"""Property: an e-mail address, a phone number, a NIR or an IBAN, obfuscated by a random mix of ordinary
tricks (spaces, separators, words, brackets, full-width characters, case, invisible characters) and
embedded in a French sentence, leaves nothing of itself once the sentence is redacted.

The sentences hold no digit and no number word, so the redacted text must hold none either; nor any
part of the e-mail address (its local part's words, its domain's labels)."""
import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum import iban

from bot.storage.redaction import EMAIL, IBAN, NIR, PHONE, redact

pytestmark = pytest.mark.security

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True)

SENTENCES = [
    "{}",
    "Bonjour, vous pouvez me joindre : {}",
    "je suis en reconversion, voici {} pour me recontacter",
    "mon contact ({}) merci !",
    "{}. Je cherche une formation en alternance.",
    "Écrivez-moi ou appelez-moi ({}), le soir de préférence.",
    "c'est {}, je suis salariée dans le bâtiment",
    "Mes coordonnées :\n{}\nBonne journée",
]
SENTENCE_WORDS = {w for s in SENTENCES for w in re.findall(r"[a-zà-ÿ]+", s.lower())}

UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
TEENS = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]
TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
NUMBER_WORDS = {"zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
                "douze", "treize", "quatorze", "quinze", "seize", "vingt", "vingts", "trente", "quarante",
                "cinquante", "soixante", "septante", "huitante", "octante", "nonante", "cent", "cents"}
TENS_WORDS = {"vingt", "vingts", "trente", "quarante", "cinquante", "soixante", "septante", "huitante",
              "octante", "nonante", "dix"}
RESERVED = NUMBER_WORDS | SENTENCE_WORDS | {"at", "dot", "point", "pt", "arobase", "arrobase", "arobas", "arrobas",
                                            "arobaze", "tiret", "underscore", "et", "plus", "bas", "du"}


def normalised(text: str) -> str:
    """Lower case, compatibility forms folded, accents dropped (as the review app's search does)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def french(number: int, variant: int) -> str:
    """A number from 0 to 99 in French words; the variant picks hyphens or spaces, and Belgian/Swiss forms."""
    hyphen = " " if variant % 2 else "-"
    if number < 10:
        return UNITS[number]
    if number < 20:
        return TEENS[number - 10].replace("-", hyphen)
    tens, unit = divmod(number, 10)
    if variant % 3 == 2 and tens in (7, 9):
        word = {7: "septante", 9: "nonante"}[tens]
        return word if not unit else f"{word}{hyphen}{'et' + hyphen if unit == 1 else ''}{UNITS[unit]}"
    if tens in (7, 9):  # soixante-dix…, quatre-vingt-dix…
        base = "soixante" if tens == 7 else f"quatre{hyphen}vingt"
        if number == 71:
            return f"soixante{hyphen}et{hyphen}onze"
        return f"{base}{hyphen}{TEENS[unit].replace('-', hyphen)}"
    if tens == 8:
        return f"quatre{hyphen}vingts" if not unit else f"quatre{hyphen}vingt{hyphen}{UNITS[unit]}"
    if not unit:
        return TENS[tens]
    if unit == 1:
        return f"{TENS[tens]}{hyphen}et{hyphen}un"
    return f"{TENS[tens]}{hyphen}{UNITS[unit]}"


def group_in_words(group: str, variant: int) -> str:
    """A group of digits said as a French speaker would: "06" -> "zéro six", "123" -> "cent vingt-trois",
    a longer one two digits at a time ("1234" -> "douze trente-quatre")."""
    if len(group) > 3:
        said = ""
        for pair in [group[:len(group) % 2]] * (len(group) % 2) + re.findall(r"..", group[len(group) % 2:]):
            words = group_in_words(pair, variant)
            said += (", " if ambiguous(said, words) else " ") + words if said else words
        return said
    zeros = len(group) - len(group.lstrip("0"))
    words = ["zéro"] * zeros if zeros < len(group) else ["zéro"] * len(group)
    rest = group[zeros:]
    if rest:
        value = int(rest)
        hundreds, below = divmod(value, 100)
        if hundreds:
            words.append("cent" if hundreds == 1 else f"{UNITS[hundreds]} cent")
        if below or not hundreds:
            words.append(french(below, variant))
    return " ".join(words)


def ambiguous(before: str, after: str) -> bool:
    """Whether two number phrases said one after the other would be heard as one ("soixante" "douze")."""
    last = re.findall(r"[a-zé]+", before)[-1]
    first = re.findall(r"[a-zé]+", after)[0]
    return last in TENS_WORDS | {"cent", "cents"} or first in {"cent", "vingt", "vingts", "et"} or \
        (last in UNITS and first in {"cent", "vingt", "vingts"})


@st.composite
def case(draw, text: str) -> str:
    mode = draw(st.sampled_from(["as is", "upper", "title", "random"]))
    if mode == "upper":
        return text.upper()
    if mode == "title":
        return text.title()
    if mode == "random":
        flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
        return "".join(c.upper() if flip else c for c, flip in zip(text, flips, strict=True))
    return text


@st.composite
def digits_said(draw, groups: list[str], separators: list[str]) -> str:
    """Groups of digits joined by separators, each group in digits (perhaps full-width) or in words."""
    mode = draw(st.sampled_from(["digits", "words", "mixed", "digit by digit"]))
    out = []
    for index, group in enumerate(groups):
        in_words = mode == "words" or (mode == "mixed" and draw(st.booleans()))
        if mode == "digit by digit":
            text = " ".join(UNITS[int(d)] for d in group)
        elif in_words:
            text = group_in_words(group, draw(st.integers(0, 5)))
        else:
            text = full_width(group) if draw(st.integers(0, 4)) == 0 else group
        if index:
            separator = separators[index - 1]
            if (in_words or mode == "digit by digit") and out and not out[-1][-1].isdigit():
                separator = ", " if ambiguous(out[-1], text) else draw(st.sampled_from([" ", " ", ", ", " - "]))
            elif not separator.strip() and separator != " " and out and (text[0].isalpha() or out[-1][-1].isalpha()):
                separator = " "
            out.append(separator)
        out.append(text)
    return draw(case("".join(out)))


def split(digits: str, sizes: list[int]) -> list[str]:
    groups, position = [], 0
    for size in sizes:
        groups.append(digits[position:position + size])
        position += size
    return groups


SEPARATORS = st.sampled_from(["", " ", " ", ".", "-", "/", " / ", " - ", "  ", "\u00a0", "\u202f", "．", "－"])


@st.composite
def phone_numbers(draw) -> tuple[str, str]:
    """(the obfuscated number, its nine significant digits)."""
    significant = draw(st.sampled_from("12345679")) + draw(st.from_regex(r"[0-9]{8}", fullmatch=True))
    assume(significant != "975187691")  # the assistant's own number, given out by the bot
    prefix = draw(st.sampled_from(["0", "0", "0", "+33", "+33 ", "0033 ", "+33 (0)", "O"]))
    national = "0" + significant
    if prefix.startswith(("+", "00")):
        groups = [significant[0]] + split(significant[1:], [2, 2, 2, 2])
        said = draw(digits_said(groups, [draw(SEPARATORS)] * 4))
        return prefix.rstrip() + " " * (not said[0].isdigit() or prefix.endswith(" ")) + said, significant
    sizes = draw(st.sampled_from([[2, 2, 2, 2, 2], [1] * 10, [10], [4, 3, 3], [2, 4, 4], [2, 2, 2, 4]]))
    groups = split(national, sizes)
    one = draw(SEPARATORS)
    if sizes == [2, 2, 2, 2, 2] and draw(st.booleans()):  # any separators between pairs
        separators = [draw(SEPARATORS) for _ in groups[1:]]
    else:  # one kind, with spaces or not ("0612 345.678", a mix of decimals is not a phone number)
        separators = [draw(st.sampled_from([one, one, " "])) for _ in groups[1:]]
    said = draw(digits_said(groups, separators))
    if prefix == "O" and said[0] == "0":
        said = draw(st.sampled_from("oO")) + said[1:]
    return said, significant


@st.composite
def nirs(draw) -> tuple[str, str]:
    """(the obfuscated NIR, its first thirteen characters)."""
    sex = draw(st.sampled_from("1278"))
    year = f"{draw(st.integers(0, 99)):02d}"
    month = f"{draw(st.integers(1, 12)):02d}"
    department = draw(st.sampled_from([f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]))
    commune = f"{draw(st.integers(1, 990)):03d}"
    order = f"{draw(st.integers(1, 999)):03d}"
    body = sex + year + month + department + commune + order
    key = f"{97 - int(body.replace('2A', '19').replace('2B', '18')) % 97:02d}"
    with_key = draw(st.booleans())
    groups = [sex, year, month, department, commune, order] + ([key] if with_key else [])
    if "A" in department or "B" in department:
        department_case = draw(st.sampled_from([str.upper, str.lower]))
        groups[3] = department_case(department)
        text = draw(st.sampled_from(["", " ", ".", "-", " - "])).join(groups)
        return (full_width(text) if draw(st.booleans()) else text), body
    if draw(st.booleans()):
        groups = list(body + (key if with_key else ""))  # digit by digit
    separator = draw(SEPARATORS)
    said = draw(digits_said(groups, [separator] * (len(groups) - 1)))
    return said, body


@st.composite
def ibans(draw) -> tuple[str, str]:
    """(the obfuscated IBAN, its basic bank account number)."""
    country = draw(st.sampled_from(["FR", "DE"]))
    if country == "FR":
        bban = draw(st.from_regex(r"[0-9]{23}", fullmatch=True))
    else:
        bban = draw(st.from_regex(r"[0-9]{18}", fullmatch=True))
    number = country + iban.calc_check_digits(country + "00" + bban) + bban
    assume(iban.is_valid(number))
    sizes = draw(st.sampled_from(["fours", "none", "rib"]))
    if sizes == "fours":
        groups = [number[i:i + 4] for i in range(0, len(number), 4)]
    elif sizes == "rib" and country == "FR":
        groups = [number[:2], number[2:4]] + split(bban, [5, 5, 11, 2])
    else:
        groups = [number]
    text = draw(SEPARATORS).join(groups)
    text = draw(st.sampled_from([str, str.lower, full_width]))(text)
    return text, bban


ATOM = st.from_regex(r"[a-z][a-z0-9]{2,9}", fullmatch=True).filter(lambda a: a not in RESERVED)
AT = st.sampled_from(["@", " @ ", "@ ", " arobase ", "(at)", "[at]", "{at}", " at ", "＠", " (arobase) ", " [ at ] ",
                      "<at>", " AT "])
DOT = st.sampled_from([".", " . ", " point ", "(dot)", "[dot]", " dot ", "{point}", "．", " (point) ", " DOT "])


@st.composite
def emails(draw) -> tuple[str, list[str]]:
    """(the obfuscated e-mail address, the words of its local part and its domain labels)."""
    local = draw(st.lists(ATOM, min_size=1, max_size=3))
    labels = draw(st.lists(ATOM, min_size=1, max_size=2))
    tld = draw(st.sampled_from(["com", "fr", "net", "org", "eu", "io"]))
    parts = [local[0]]
    for atom in local[1:]:
        parts += [draw(st.sampled_from([".", " . ", " point ", "(dot)", "[dot]", "_", "-"])), atom]
    parts += [draw(AT), labels[0]]
    for label in labels[1:] + [tld]:
        parts += [draw(DOT), label]
    text = draw(case("".join(parts)))
    if draw(st.integers(0, 3)) == 0:
        text = full_width(text)
    if draw(st.integers(0, 4)) == 0:  # an invisible character in a word
        position = draw(st.integers(1, len(local[0]) - 1))
        text = text[:position] + draw(st.sampled_from(["\u200b", "\u00ad", "\u2060"])) + text[position:]
    return text, local + labels


def assert_nothing_left(redacted: str, placeholder: str) -> None:
    assert placeholder in redacted
    rest = normalised(redacted)
    assert not re.search(r"\d", rest), "a digit survived"
    assert not NUMBER_WORDS & set(re.findall(r"[a-z]+", rest)), "a number word survived"


@SETTINGS
@given(st.sampled_from(SENTENCES), emails())
def test_an_obfuscated_email_address_leaves_nothing(sentence, email):
    text, words = email
    redacted = redact(sentence.format(text))
    assert_nothing_left(redacted, EMAIL)
    rest = normalised(redacted)
    for word in words:
        assert not re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", rest), word


@SETTINGS
@given(st.sampled_from(SENTENCES), phone_numbers())
def test_an_obfuscated_phone_number_leaves_nothing(sentence, phone):
    text, significant = phone
    redacted = redact(sentence.format(text))
    assert_nothing_left(redacted, PHONE)
    assert significant not in re.sub(r"\D", "", normalised(redacted))


@SETTINGS
@given(st.sampled_from(SENTENCES), nirs())
def test_an_obfuscated_social_security_number_leaves_nothing(sentence, nir):
    text, body = nir
    redacted = redact(sentence.format(text))
    assert_nothing_left(redacted, NIR)
    assert body.lower() not in normalised(redacted)


@SETTINGS
@given(st.sampled_from(SENTENCES), ibans())
def test_an_obfuscated_iban_leaves_nothing(sentence, account):
    text, bban = account
    redacted = redact(sentence.format(text))
    assert_nothing_left(redacted, IBAN)
    assert bban not in re.sub(r"\D", "", normalised(redacted))
