"""Where each cue of a message stands: in a project, in the past, negated, about someone else,
before a correction. The profile reader (profile_reader.py) asks a Scanner for the cues of a
slot that describe the visitor now, and decides between them.

The words these rules hang on are data in lexicon.yml: the `markers` ("ancien", "devenir",
"en fait"…) and the `grammar` ("mais", "je", "ou"…, compiled into the rules' patterns by
lexicon.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cep.understanding.lexicon import Cue, Lexicon

_SENTENCE_END = re.compile(r"[.;!?]")
_SENTENCE = re.compile(r"[^.;!?]+[.;!?]?")
_WINDOW_WORDS = 4
_LIST_ITEM_WORDS = 3


@dataclass(frozen=True)
class Hit:
    """A cue found: its value, its weight, where it starts and what it matched."""

    value: object
    priority: int
    start: int
    text: str


def first_best(hits: list[Hit]) -> Hit:
    """The highest-priority hit; among equals, the first mentioned."""
    return min(hits, key=lambda h: (-h.priority, h.start))


class Scanner:
    """Finds cues in one normalised message and knows the context of each position."""

    def __init__(self, text: str, lexicon: Lexicon):
        self.text = text
        self.lexicon = lexicon
        self.grammar = lexicon.grammar
        self.option_sentences = self._option_sentences()
        self.zones = self._project_zones() + self.option_sentences
        self.others = self._third_party_clauses()
        corrections = [m.end() for m in lexicon.markers["correction"].finditer(text)]
        self.correction_at = corrections[-1] if corrections else -1

    def _project_zones(self) -> list[tuple[int, int]]:
        zones = []
        for opener in self.lexicon.markers["target"].finditer(self.text):
            start = opener.end()
            end = len(self.text)
            sentence_end = _SENTENCE_END.search(self.text, start)
            if sentence_end:
                end = sentence_end.start()
            present = self.lexicon.markers["present"].search(self.text, start, end)
            if present:
                end = present.start()
            zones.append((opener.start(), end))
        return zones

    def _option_sentences(self) -> list[tuple[int, int]]:
        """Where a sentence weighs options ("cariste, magasinier ou livreur, j'hésite"): from the
        clause holding the "ou", back over the short list items before it, to the sentence end."""
        spans = []
        for sentence in _SENTENCE.finditer(self.text):
            words = sentence.group(0)
            alternative = self.grammar.alternative.search(words)
            if not alternative or not self.lexicon.markers["hesitation"].search(words):
                continue
            clauses = [m.end() for m in self.grammar.clause_end.finditer(words, 0, alternative.start())]
            start = clauses[-1] if clauses else 0
            speaker = [m.start() for m in self.grammar.speaker.finditer(words, start, alternative.start())]
            if speaker:  # "…, je n'ai aucun job et je ne sais pas si je continue ou…": from the last "je"
                spans.append((sentence.start() + speaker[-1] - 1, sentence.end()))
                continue
            for previous in reversed(clauses[:-1] + [0] if clauses else []):
                item = words[previous:start].strip(" ,")
                if len(item.split()) > _LIST_ITEM_WORDS or self.grammar.speaker.search(item):
                    break
                start = previous
            spans.append((sentence.start() + start - 1, sentence.end()))
        return spans

    def _third_party_clauses(self) -> list[tuple[int, int]]:
        spans = []
        for match in self.lexicon.markers["third_party"].finditer(self.text):
            end = self.grammar.other_clause_end.search(self.text, match.end())
            spans.append((match.start() - 1, end.start() if end else len(self.text)))
        for match in self.lexicon.markers["third_party_sentence"].finditer(self.text):
            end = self.grammar.other_sentence_end.search(self.text, match.end())
            spans.append((match.start() - 1, end.start() if end else len(self.text)))
        return spans

    def about_someone_else(self, position: int) -> bool:
        return any(start < position < end for start, end in self.others)

    def in_project(self, position: int) -> bool:
        return any(start < position < end for start, end in self.zones)

    def _words_before(self, position: int) -> str:
        clause_start = 0
        for match in self.grammar.clause_end.finditer(self.text, 0, position):
            clause_start = match.end()
        words = self.text[clause_start:position].split()[-_WINDOW_WORDS:]
        return " ".join(words)

    def is_past(self, position: int, end: int) -> bool:
        after = " ".join(self.text[end:].split()[:6])
        return bool(self.lexicon.markers["past"].search(self._words_before(position))
                    or self.lexicon.markers["past_after"].match(after))

    def is_negated(self, position: int, matched: str) -> bool:
        negation = self.lexicon.markers["negation"]
        if negation.search(matched) or self.grammar.negative.search(matched):
            # "pas de projet", "aucune piste" are negative by themselves
            return False
        window = self._words_before(position).split()
        speaking = [i for i, word in enumerate(window) if word in self.grammar.speaker_words]
        if speaking:  # "je sais pas je suis salarié": only the last proposition
            window = window[speaking[-1] + 1:]
        return bool(negation.search(" ".join(window)))

    def hits(self, cues: tuple[Cue, ...], *, skip_projects: bool) -> tuple[list[Hit], list[Hit]]:
        """(affirmed, negated) hits, past and (optionally) project mentions dropped."""
        affirmed, negated = [], []
        for cue in cues:
            for match in cue.pattern.finditer(self.text):
                if skip_projects and self.in_project(match.start()):
                    continue
                if self.about_someone_else(match.start()):
                    continue
                if skip_projects and not cue.past_is_fine and self.is_past(match.start(), match.end()):
                    continue
                if skip_projects and self.grammar.generic.search(self.text[:match.start()]):
                    continue
                hit = Hit(cue.value, cue.priority, match.start(), match.group(0))
                if self.is_negated(match.start(), match.group(0)):
                    negated.append(hit)
                else:
                    affirmed.append(hit)
        return self._after_correction(affirmed), self._after_correction(negated)

    def _after_correction(self, hits: list[Hit]) -> list[Hit]:
        """After "en fait…", only what follows counts, unless it is only an occupation named
        in passing ("une idée… enfin deux : animateur")."""
        later = [h for h in hits if h.start >= self.correction_at]
        if not any(h.priority >= 1 for h in later):
            later = []
        return sorted(later if later else hits, key=lambda h: h.start)

    def alternatives_in_projects(self) -> list[Hit]:
        hits = [Hit("several_ideas", 2, start, "options") for start, _ in self.option_sentences]
        for start, end in self.zones:
            zone = self.text[start:end]
            match = self.grammar.alternative.search(zone)
            if match and len(zone[:match.start()].split()) >= 2 and zone[match.end():].strip():
                hits.append(Hit("several_ideas", 2, start, zone.strip()))
        return hits
