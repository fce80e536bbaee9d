"""What a message asks, as opposed to what it says about the visitor.

- `read_questions("je suis au chômage, combien coûte le bilan ?")` -> ["cost_bilan"]: the
  topics asked (keys of knowledge/answers.yml), the precise before the vague ones;
- `mask_questions(normalized)` blanks the questions and hypotheses of a normalised message
  ("c'est des gens de Pôle emploi ?", "si je démissionne pour créer ma boîte, …") so that
  the profile reader takes only statements as facts about the visitor;
- `read_distress` tells a visitor who says they are struggling ("je suis perdue", "burn-out"),
  `read_handoff` one who asks for a person in their own words, `read_goodbye` one who takes leave;
- `is_question` says whether a message asks anything, `schemes_covered` which schemes the
  answers to its topics already explain.
The cues are data in lexicon.yml (markers `question`, `question_start`, `hypothetical`, the
`grammar` words that bound a question or a hypothesis, and the sections `question`,
`question_precedence`, `question_covers_scheme`, `distress`, `handoff`, `goodbye`). Pure Python, no Rasa.
"""
from __future__ import annotations

import re

from cep.understanding.lexicon import Lexicon, load_lexicon
from cep.understanding.normalize import normalize

_SENTENCE = re.compile(r"[^.;!?]+[.;!?]*")
MAX_TOPICS = 3


def _blank(text: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if text[i] not in ".;!?":
            text[i] = " "


def mask_questions(normalized: str, lexicon: Lexicon | None = None, *, questions: bool = True) -> str:
    """The message with its questions and hypotheses blanked (same length, same positions);
    with `questions=False`, its hypotheses only."""
    lexicon = lexicon or load_lexicon()
    grammar = lexicon.grammar
    masked = list(normalized)
    for sentence in _SENTENCE.finditer(normalized):
        body, start = sentence.group(0), sentence.start()
        if not questions:
            pass
        elif "?" in body:
            marker = lexicon.markers["question"].search(body)
            if marker:
                begin = marker.start()
                clause = max([m.end() for m in grammar.question_clause_end.finditer(body, 0, begin)] + [0])
                if not lexicon.markers["present"].search(body, clause, begin):
                    begin = clause  # "et le chômage, je l'aurai combien de temps ?": the whole clause asks
            else:
                boundaries = [m.end() for m in grammar.question_clause_end.finditer(body)]
                begin = boundaries[-1] if boundaries else 0
            _blank(masked, start + begin, sentence.end())
        elif lexicon.markers["question_start"].match(body.lstrip(" ,")):
            _blank(masked, start, sentence.end())
        elif indirect := lexicon.markers["question_anywhere"].search(body):
            _blank(masked, start + indirect.start(), sentence.end())
        for hypothesis in lexicon.markers["hypothetical"].finditer(body):
            before = body[:hypothesis.start()]
            clause_start = max([m.end() for m in grammar.question_clause_end.finditer(before)] + [0])
            if grammar.connector.sub("", before[clause_start:]).strip():
                continue  # "si" inside a clause ("je me demande si…"), not opening one
            if grammar.indirect_question.search(before) or (
                    hypothesis.group(0) in grammar.contradicted_hypothesis and grammar.contradiction.search(before)):
                continue
            end = grammar.question_clause_end.search(body, hypothesis.end())
            _blank(masked, start + hypothesis.start(), start + (end.start() if end else len(body)))
    return "".join(masked)


def read_questions(text: str) -> list[str]:
    """The topics a message asks about, in the order they are asked, the vaguer ones a precise
    one covers left out."""
    lexicon = load_lexicon()
    norm = normalize(text or "", lexicon)
    masked = mask_questions(norm, lexicon)  # blank where the visitor asks
    found: dict[str, int] = {}
    for cue in lexicon.question_cues:
        for match in cue.pattern.finditer(norm):
            if cue.only_in_questions and masked[match.start()] != " ":
                continue  # "je suis en congé parental" tells, "pendant mon congé parental ?" asks
            if cue.value not in found or match.start() < found[cue.value]:
                found[str(cue.value)] = match.start()
            break
    covered = set().union(*(lexicon.question_precedence.get(t, frozenset()) for t in found)) if found else set()
    topics = sorted((t for t in found if t not in covered), key=found.get)
    return topics[:MAX_TOPICS]


def _says(text: str, cues_of) -> bool:
    lexicon = load_lexicon()
    norm = normalize(text or "", lexicon)
    return any(cue.pattern.search(norm) for cue in cues_of(lexicon))


def read_distress(text: str) -> str | None:
    """"crisis" (dark thoughts: a crisis line is given), "yes" (struggling), or None."""
    lexicon = load_lexicon()
    norm = normalize(text or "", lexicon)
    said = {cue.value for cue in lexicon.distress_cues if cue.pattern.search(norm)}
    return "crisis" if "crisis" in said else ("yes" if said else None)


def read_health(text: str) -> bool:
    """The visitor tells something of their health ("j'ai eu un cancer", "mi-temps thérapeutique")."""
    return _says(text, lambda lexicon: lexicon.health_cues)


def read_handoff(text: str) -> bool:
    """The visitor asks for a person in their own words."""
    return _says(text, lambda lexicon: lexicon.handoff_cues)


def is_question(text: str) -> bool:
    """The message asks something: a "?" or a sentence that opens as a question."""
    if "?" in (text or ""):
        return True
    lexicon = load_lexicon()
    norm = normalize(text or "", lexicon)
    return (any(lexicon.markers["question_start"].match(s.group(0).lstrip(" ,")) for s in _SENTENCE.finditer(norm))
            or asks_what_is(text))


def asks_what_is(text: str) -> bool:
    """"c'est quoi X", "X c quoi": a question of what something is (question_inside in lexicon.yml)."""
    lexicon = load_lexicon()
    return bool(lexicon.markers["question_inside"].search(normalize(text or "", lexicon)))


def read_goodbye(text: str) -> bool:
    """The visitor takes leave ("merci, au revoir", "bonne soirée")."""
    return _says(text, lambda lexicon: lexicon.goodbye_cues)


def schemes_covered(topics: list[str] | tuple[str, ...]) -> set[str]:
    """The schemes whose explanation these answers already give."""
    covers = load_lexicon().question_covers_scheme
    return {covers[t] for t in topics if t in covers}
