"""Reads the visitor's situation from free text: the contract's profile slots and a few more.

`read_profile("ancien fonctionnaire, à mon compte depuis 2 ans, j'hésite entre deux idées")`
returns employment_status="self_employed", project_clarity="several_ideas".

How it decides (the cues themselves are data, in lexicon.yml):
- a cue inside a project ("je voudrais devenir infirmière", "repasser salarié"), after a
  past marker ("ancien salarié", "j'étais prof") or negated ("je ne suis plus salarié") does
  not describe the present situation;
- after a correction marker ("non, en fait je suis en CDD"), only what follows counts;
- a student, retiree or inactive person who works stays in that status with
  currently_working=True; one who looks for a job is a job seeker (contract.md);
- a job-seeking cue ("au chômage") beats a generic employee cue, apprentices are employees.

The `read_*_answer` functions read a short reply to a question the assistant just asked
("plusieurs", "non", "le privé"), which means nothing on its own.
Pure Python: no Rasa here, so the rules are quick to test (tests/unit/test_profile_reader.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cep.understanding.learned_reader import CLARITY, STATUS, WORKING, Guess, LearnedReader
from cep.understanding.lexicon import Cue, Lexicon, load_lexicon
from cep.understanding.normalize import normalize
from cep.understanding.places import read_region
from cep.understanding.questions import mask_questions
from cep.vocabulary import EMPLOYED, NOT_ACTIVE

# at equal priority, a visitor who lists options has ideas; one who says "je ne sais pas" has none
_CLARITY_TIE_ORDER = {"several_ideas": 2, "no_idea": 1, "one_idea": 0}

_SENTENCE_END = re.compile(r"[.;!?]")
_SENTENCE = re.compile(r"[^.;!?]+[.;!?]?")
_GENERIC = re.compile(r"\b(les|aux)\s*$")  # "les retraités ont-ils droit…": not the visitor
_CLAUSE_END = re.compile(r"[.,;:!?()]|\bmais\b")
# "ou" between options; not "par où", "d'où", "là où" (où loses its accent when folded)
_ALTERNATIVE = re.compile(
    r"(?<!par )(?<!de )(?<!la )(?<!vers )(?<!jusque )\b(ou|ou bien|soit)\b"
    r"(?= [a-z])(?! (pas|non|quoi|autre|rien|ailleurs|je|il|elle|on|par|chez|avec|vous)\b)")
_WINDOW_WORDS = 4
_LIST_ITEM_WORDS = 3
_SPEAKER = re.compile(r"\bje\b")
_SENTENCE_END_OR_ME = re.compile(r"[.;!?]|\b(moi|je)\b")
_OTHER_PERSON_END = re.compile(r"[.,;:!?()]|\b(mais|je|moi)\b")
_NEGATIVE_WORDS = re.compile(r"\b(aucun|aucune|rien|sans)\b")
_AGE_PATTERNS = (
    re.compile(r"\bje ai (\d{1,2}) ans\b"),
    re.compile(r"^(\d{1,2}) ans\b"),
    re.compile(r"\bagee? de (\d{1,2}) ans\b"),
    re.compile(r"[,.] (\d{1,2}) ans [,.]"),
)
_UNDER_26 = re.compile(r"\b(moins de 26 ans|moins de 25 ans|jeune de moins de 26)\b")
_CADRE_YES = re.compile(
    r"\b(je suis|suis|statut|en tant que|poste de|comme|passe|passee) cadre\b"
    r"|\bcadre (dans|chez|en|commercial|commerciale|superieur|sup|de sante|administratif|"
    r"administrative|technique|dirigeant|financier|financiere|bancaire|infirmier|de direction)\b"
)
_CADRE_NO = re.compile(r"\b(pas|non|plus) cadre\b")
_YOUNG_GRADUATE = re.compile(r"\bjeunes? diplomee?s?\b|\bdiplomee? (le an dernier|cette annee|recemment|depuis peu|il y a (\d+|un|deux|quelques) mois)\b"
                             r"|\bsortie? de (mon )?ecole\b|\bjeune (ingenieure?|cadre)\b")


@dataclass
class Reading:
    """What one message says about the visitor. None means the message does not say."""

    employment_status: str | None = None
    currently_working: bool | None = None
    project_clarity: str | None = None
    age_group: str | None = None
    cadre: bool | None = None
    young_graduate: bool | None = None
    region: str | None = None
    contract_type: str | None = None
    project_type: str | None = None
    public_branch: str | None = None  # state, territorial, hospital: said of a public agent's employer
    # the status was said outright ("en fait je suis salariée", an apprentice), not just implied by a job
    status_explicit: bool = False
    # only an occupation was named ("mécanicien"): too weak to replace a status already known
    status_weak: bool = False
    # the slots whose value the learned reader guessed where the lexicon was silent
    guessed: frozenset[str] = frozenset()
    # when the status is unsure between two ("private_employee|self_employed"): the question to ask
    status_between: str | None = None

    def slots(self) -> dict[str, object]:
        """The values this message states, by slot name."""
        names = ("employment_status", "currently_working", "project_clarity", "age_group",
                 "cadre", "young_graduate", "region", "contract_type", "project_type", "public_branch")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


@dataclass(frozen=True)
class _Hit:
    value: object
    priority: int
    start: int
    text: str


class _Scanner:
    """Finds cues in one normalised message and knows the context of each position."""

    def __init__(self, text: str, lexicon: Lexicon):
        self.text = text
        self.lexicon = lexicon
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
            alternative = _ALTERNATIVE.search(words)
            if not alternative or not self.lexicon.markers["hesitation"].search(words):
                continue
            clauses = [m.end() for m in _CLAUSE_END.finditer(words, 0, alternative.start())]
            start = clauses[-1] if clauses else 0
            speaker = [m.start() for m in _SPEAKER.finditer(words, start, alternative.start())]
            if speaker:  # "…, je n'ai aucun job et je ne sais pas si je continue ou…": from the last "je"
                spans.append((sentence.start() + speaker[-1] - 1, sentence.end()))
                continue
            for previous in reversed(clauses[:-1] + [0] if clauses else []):
                item = words[previous:start].strip(" ,")
                if len(item.split()) > _LIST_ITEM_WORDS or re.search(r"\bje\b", item):
                    break
                start = previous
            spans.append((sentence.start() + start - 1, sentence.end()))
        return spans

    def _third_party_clauses(self) -> list[tuple[int, int]]:
        spans = []
        for match in self.lexicon.markers["third_party"].finditer(self.text):
            end = _OTHER_PERSON_END.search(self.text, match.end())
            spans.append((match.start() - 1, end.start() if end else len(self.text)))
        for match in self.lexicon.markers["third_party_sentence"].finditer(self.text):
            end = _SENTENCE_END_OR_ME.search(self.text, match.end())
            spans.append((match.start() - 1, end.start() if end else len(self.text)))
        return spans

    def about_someone_else(self, position: int) -> bool:
        return any(start < position < end for start, end in self.others)

    def in_project(self, position: int) -> bool:
        return any(start < position < end for start, end in self.zones)

    def _words_before(self, position: int) -> str:
        clause_start = 0
        for match in _CLAUSE_END.finditer(self.text, 0, position):
            clause_start = match.end()
        words = self.text[clause_start:position].split()[-_WINDOW_WORDS:]
        return " ".join(words)

    def is_past(self, position: int, end: int) -> bool:
        after = " ".join(self.text[end:].split()[:4])
        return bool(self.lexicon.markers["past"].search(self._words_before(position))
                    or self.lexicon.markers["past_after"].match(after))

    def is_negated(self, position: int, matched: str) -> bool:
        negation = self.lexicon.markers["negation"]
        if negation.search(matched) or _NEGATIVE_WORDS.search(matched):
            # "pas de projet", "aucune piste" are negative by themselves
            return False
        window = self._words_before(position).split()
        if "je" in window:  # "je sais pas je suis salarié": only the last proposition
            window = window[len(window) - window[::-1].index("je"):]
        return bool(negation.search(" ".join(window)))

    def hits(self, cues: tuple[Cue, ...], *, skip_projects: bool) -> tuple[list[_Hit], list[_Hit]]:
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
                if skip_projects and _GENERIC.search(self.text[:match.start()]):
                    continue
                hit = _Hit(cue.value, cue.priority, match.start(), match.group(0))
                if self.is_negated(match.start(), match.group(0)):
                    negated.append(hit)
                else:
                    affirmed.append(hit)
        return self._after_correction(affirmed), self._after_correction(negated)

    def _after_correction(self, hits: list[_Hit]) -> list[_Hit]:
        """After "en fait…", only what follows counts, unless it is only an occupation named
        in passing ("une idée… enfin deux : animateur")."""
        later = [h for h in hits if h.start >= self.correction_at]
        if not any(h.priority >= 1 for h in later):
            later = []
        return sorted(later if later else hits, key=lambda h: h.start)

    def alternatives_in_projects(self) -> list[_Hit]:
        hits = [_Hit("several_ideas", 2, start, "options") for start, _ in self.option_sentences]
        for start, end in self.zones:
            zone = self.text[start:end]
            match = _ALTERNATIVE.search(zone)
            if match and len(zone[:match.start()].split()) >= 2 and zone[match.end():].strip():
                hits.append(_Hit("several_ideas", 2, start, zone.strip()))
        return hits


def _first_best(hits: list[_Hit]) -> _Hit:
    """The highest-priority hit; among equals, the first mentioned."""
    return min(hits, key=lambda h: (-h.priority, h.start))


def _decide_status(hits: list[_Hit]) -> str | None:
    decisive = [h for h in hits if h.priority >= 9]
    if decisive:  # an apprentice is an employee: of a public employer when one is named
        if any(h.value == "public_employee" for h in hits):
            return "public_employee"
        return str(decisive[-1].value)
    not_active = [h for h in hits if h.value in NOT_ACTIVE]
    employed = [h for h in hits if h.value in EMPLOYED]
    seeking = [h for h in hits if h.value == "job_seeker"]
    if not_active:
        if seeking and not employed:
            return "job_seeker"
        return str(_first_best(not_active).value)
    strong_seeking = [h for h in seeking if h.priority >= 2]
    if strong_seeking:
        strong_employed = [h for h in employed if h.priority >= 2]
        if not strong_employed or strong_seeking[0].start < strong_employed[0].start:
            return "job_seeker"
    if employed:
        return str(_first_best(employed).value)
    if seeking:
        return "job_seeker"
    return None


def _decide_working(status: str | None, status_hits: list[_Hit],
                    explicit: list[_Hit]) -> bool | None:
    explicit = sorted(explicit, key=lambda h: h.start)
    if status in NOT_ACTIVE:
        if explicit:
            return bool(explicit[-1].value)
        if any(h.value in EMPLOYED for h in status_hits):
            return True
        return None
    if status is None and explicit:
        return bool(explicit[-1].value)
    return None


def _decide_clarity(hits: list[_Hit]) -> str | None:
    if not hits:
        return None
    best = max(hits, key=lambda h: (h.priority, _CLARITY_TIE_ORDER[str(h.value)]))
    return str(best.value)


def _age_group(text: str) -> str | None:
    if _UNDER_26.search(text):
        return "under_26"
    for pattern in _AGE_PATTERNS:
        match = pattern.search(text)
        if match:
            age = int(match.group(1))
            if 14 <= age <= 25:
                return "under_26"
            if 26 <= age <= 99:
                return "26_or_more"
    return None


def _without_scheme_names(normalized: str, masked: str, lexicon: Lexicon) -> str:
    """The text with the schemes it asks about blanked: in "c quoi le projet de transition pro ?" the
    project is a scheme's name; in "je voudrais faire une VAE" it is the visitor's project."""
    chars = list(normalized)
    for cue in lexicon.scheme_cues:
        for match in cue.pattern.finditer(normalized):
            if not masked[match.start():match.end()].strip():  # inside a question
                chars[match.start():match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def _public_branch(scan: _Scanner, lexicon: Lexicon) -> str | None:
    """The civil service a public agent names ("à la mairie", "au CHU"), outside projects."""
    hits, _ = scan.hits(lexicon.public_branch_cues, skip_projects=True)
    return str(_first_best(hits).value) if hits else None


def read_profile(text: str, lexicon: Lexicon | None = None, learned: LearnedReader | None = None) -> Reading:
    """Read what a visitor's message says about their situation and project: the lexicon's cues,
    then, with `learned`, the learned reader's confident guesses for what the cues left unset."""
    lexicon = lexicon or load_lexicon()
    norm, project_text = _prepared(text, lexicon)
    scan = _Scanner(norm, lexicon)
    project_scan = _Scanner(project_text, lexicon)

    status_hits, _ = scan.hits(lexicon.status_cues, skip_projects=True)
    not_seeking = bool(lexicon.markers["not_seeking"].search(norm))
    if not_seeking:
        status_hits = [h for h in status_hits if h.value != "job_seeker"]
    status = _decide_status(status_hits)
    deciding = [h.priority for h in status_hits if h.value == status]
    explicit = any(h.priority >= 9 for h in status_hits) or (
        bool(deciding) and max(deciding) >= 1 and scan.correction_at >= 0)

    working_hits, negated_working = scan.hits(lexicon.working_cues, skip_projects=True)
    # "je ne cherche pas de travail" negates nothing true; a negated "working" cue means not working
    working_hits += [_Hit(False, h.priority, h.start, h.text) for h in negated_working if h.value]
    working = _decide_working(status, status_hits, working_hits)
    if status is None and not_seeking and working is False:
        status = "inactive"  # neither working nor looking for work

    clarity_hits, _ = project_scan.hits(lexicon.clarity_cues, skip_projects=False)
    clarity = _decide_clarity(clarity_hits + project_scan.alternatives_in_projects())

    contract_hits, _ = scan.hits(lexicon.contract_cues, skip_projects=True)
    project_type = None
    if clarity in ("one_idea", "several_ideas") or project_scan.zones:
        type_hits, _ = project_scan.hits(lexicon.project_type_cues, skip_projects=False)
        project_type = str(_first_best(type_hits).value) if type_hits else None

    cadre = None
    if _CADRE_NO.search(norm):
        cadre = False
    elif (match := _CADRE_YES.search(norm)) and not scan.in_project(match.start()):
        cadre = True

    reading = Reading(
        employment_status=status,
        currently_working=working,
        project_clarity=clarity,
        age_group=_age_group(_situation_text(scan)),  # not the age of the child written about
        cadre=cadre,
        young_graduate=True if _YOUNG_GRADUATE.search(norm) else None,
        region=read_region(norm),
        contract_type=str(_first_best(contract_hits).value) if contract_hits else None,
        project_type=project_type,
        public_branch=_public_branch(scan, lexicon) if status == "public_employee" else None,
        status_explicit=explicit,
        status_weak=status is not None and max(deciding, default=0) <= 0,
    )
    if learned is not None:
        talks_of_project = bool(project_scan.zones or lexicon.markers["hesitation"].search(project_text)
                                or lexicon.markers["wish"].search(project_text))
        reading = _with_guesses(reading, learned, _situation_text(scan), project_text, talks_of_project)
    return reading


def _situation_text(scan: _Scanner) -> str:
    """The message as the lexicon read it for the situation: other people's situations blanked
    (projects are kept: blanking them too cost the status 1.2 points, leave-one-set-out)."""
    chars = list(scan.text)
    for start, end in scan.others:
        start = max(start, 0)
        chars[start:end] = " " * (end - start)
    return " ".join("".join(chars).split())


def _prepared(text: str, lexicon: Lexicon) -> tuple[str, str]:
    """(situation, project) as the readers read them, normalised. In the situation, questions and
    hypotheses are blanked: they state nothing about the visitor. The project is read in questions
    too ("pouvez-vous m'aider à devenir contrôleur aérien ?"), not in a hypothesis ("si je démissionne
    pour créer ma boîte…"), and the name of a scheme asked about is no project ("c quoi le projet de
    transition pro")."""
    plain = normalize(text or "", lexicon)
    norm = mask_questions(plain, lexicon)
    return norm, mask_questions(_without_scheme_names(plain, norm, lexicon), lexicon, questions=False)


def reading_texts(text: str, lexicon: Lexicon | None = None) -> tuple[str, str]:
    """(situation, project): the two texts the learned reader reads, as read_profile gives them to it."""
    lexicon = lexicon or load_lexicon()
    norm, project_text = _prepared(text, lexicon)
    return _situation_text(_Scanner(norm, lexicon)), " ".join(project_text.split())


def _with_guesses(reading: Reading, learned: LearnedReader, situation: str, project: str,
                  talks_of_project: bool) -> Reading:
    guesses = learned.guess(situation, " ".join(project.split()))
    if not talks_of_project or not re.search(r"[a-z]{2}", situation):
        # the model says which project clarity, not whether there is a project: a message that names
        # none ("ingénieur en CDI à Toulouse") or only asks questions leaves it to the lexicon
        guesses.pop(CLARITY, None)
    return combine(reading, learned, guesses)


def combine(reading: Reading, learned: LearnedReader, guesses: dict[str, Guess]) -> Reading:
    """The lexicon's reading with the learned reader's guesses, slot by slot:
    - the lexicon silent, or only an occupation seen ("aide-soignante": public or private?): the
      model's value when it is confident, else unset (asked);
    - the lexicon sure: kept, unless the model firmly disagrees (unset, asked) or is very sure of
      another value (the model's)."""
    guessed, changes = set(), {}
    status = reading.employment_status
    status_guess = guesses.get(STATUS)
    if status_guess is not None:
        if status is None or reading.status_weak:
            worker = status is not None
            status = status_guess.value if learned.confident(STATUS, status_guess) else None
            if status is None:
                changes["status_between"] = learned.between(status_guess, worker)
        elif learned.overrides(STATUS, status_guess, status):
            status = status_guess.value
        elif learned.doubts(STATUS, status_guess, status):
            status = None
            changes["status_between"] = learned.between(status_guess, True)
        if status != reading.employment_status:
            changes.update(employment_status=status, status_weak=False, status_explicit=False)
            if status is not None:
                guessed.add(STATUS)
            if status != "public_employee":
                changes["public_branch"] = None
            if status not in NOT_ACTIVE:
                changes[WORKING] = None
    working = changes.get(WORKING, reading.currently_working)
    working_guess = guesses.get(WORKING)
    if status in NOT_ACTIVE and working is None and working_guess is not None \
            and learned.confident(WORKING, working_guess):
        changes[WORKING] = working_guess.value
        guessed.add(WORKING)
    clarity = reading.project_clarity
    clarity_guess = guesses.get(CLARITY)
    if clarity_guess is not None:
        if clarity is None:
            if learned.confident(CLARITY, clarity_guess):
                changes[CLARITY] = clarity_guess.value
                guessed.add(CLARITY)
        elif learned.overrides(CLARITY, clarity_guess, clarity):
            changes[CLARITY] = clarity_guess.value
            guessed.add(CLARITY)
        elif learned.doubts(CLARITY, clarity_guess, clarity):
            changes[CLARITY] = None
    return replace(reading, **changes, guessed=frozenset(guessed))


_SHORT_CLARITY = (
    (re.compile(r"^(non|non merci|aucune|aucun|rien|pas du tout|pas vraiment|pas encore|0|zero|"
                r"non aucune|non pas du tout|pas (de|une) idee|toujours pas|nan|nope)\b"), "no_idea"),
    (re.compile(r"^(plusieurs|plein|beaucoup|quelques|deux|trois|2|3|4|pas mal|des idees|"
                r"oui plusieurs|quelques unes|(il y en a|y en a) plusieurs)\b"), "several_ideas"),
    (re.compile(r"^(une|1|une seule|oui une|une seule idee|une idee|une precise|oui une seule|"
                r"oui une idee|oui (je ai|jai) une idee|juste une)\b"), "one_idea"),
)
_SHORT_WORKING = (
    (re.compile(r"^(oui|ouais|ouai|yes|oui oui|bien sur|tout a fait|exact|affirmatif|un peu|"
                r"a mi temps|a temps partiel|le week end|le soir)\b"), True),
    (re.compile(r"^(non|nan|nope|pas du tout|plus maintenant|plus du tout|jamais|aucun|pas encore|"
                r"non pas)\b"), False),
)
_SHORT_AGE = (
    (re.compile(r"^(oui|ouais|yes|moins)\b"), "under_26"),
    (re.compile(r"^(non|nan|nope|plus)\b"), "26_or_more"),
)
_SHORT_CONTRACT = (
    (re.compile(r"^(oui|ouais|yes|en cdi|cdi)\b"), "cdi"),
    (re.compile(r"^(non|nan|cdd|interim|en cdd|en interim)\b"), "fixed_term"),
)
_SHORT_STATUS = (
    (re.compile(r"^(le |dans le |du )?prive\b"), "private_employee"),
    (re.compile(r"^(le |dans le |du )?public\b"), "public_employee"),
)


_SHORT_ANSWER_WORDS = 5
_FILLERS = re.compile(r"^((euh+|heu+|ben|bah|bon|alors|hmm+|ah|ok|okay|d accord|dac)\s*[,.!]?\s+)+")
_YES = re.compile(r"^(oui|ouais|ouai|yes|yep|bien sur|pourquoi pas|pk pas|pq pas|pourquoi pas|tout a fait|exact|exactement|absolument|affirmatif|"
                  r"ce est (juste|exact|bon|ca|correct|parfait)|ce est bien ca|parfait|correct|volontiers|"
                  r"je accepte|je le accepte|je suis de accord|de accord|ok|okay|oki|dac|ca marche|ca me va|"
                  r"avec plaisir|go|allez y|vas y|carrement|evidemment)\b")
_NO = re.compile(r"^(non|nan|nope|no|pas du tout|pas vraiment|surtout pas|je refuse|je ne accepte pas|"
                 r"je prefere pas|je prefere ne pas|ce est faux|pas juste|ce est pas (juste|ca|bon|exact)|"
                 r"ce est pas ca|ce ne est pas (juste|ca|exact))\b")
# a reply that agrees to go on without answering a yes/no question about the visitor
_ACKNOWLEDGEMENT = re.compile(r"^(ok|okay|oki|dac|de accord|ca marche|merci|merci beaucoup|super|parfait|"
                              r"tres bien|bien|entendu|compris|ah|hmm+|hm+|bon|cool|top|bien recu|"
                              r"je vois|ah ok|ok merci|oui merci)\s*[.!]*$")


def _short_answer(text: str, table) -> object | None:
    """Only a short reply ("non", "plusieurs") is read as an answer to the question."""
    norm = normalize(text or "", load_lexicon())
    if len(norm.split()) > _SHORT_ANSWER_WORDS:
        return None
    for pattern, value in table:
        if pattern.search(norm):
            return value
    return None


def read_clarity_answer(text: str) -> str | None:
    """project_clarity from a reply to "Où en êtes-vous de votre projet ?"."""
    return read_profile(text).project_clarity or _short_answer(text, _SHORT_CLARITY)


def read_working_answer(text: str) -> bool | None:
    """currently_working from a reply to "Avez-vous un emploi en ce moment ?"."""
    reading = read_profile(text)
    if reading.currently_working is not None:
        return reading.currently_working
    if reading.employment_status in EMPLOYED:
        return True
    return _short_answer(text, _SHORT_WORKING)


def read_status_answer(text: str) -> str | None:
    """employment_status from a reply to "Quelle est votre situation ?"."""
    return read_profile(text).employment_status or _short_answer(text, _SHORT_STATUS)


def warm_up() -> None:
    """Load the lexicon and the place names now (about half a second), not on a visitor's message."""
    read_profile("je suis salarié à Lyon et je voudrais devenir infirmier")


def read_disability(text: str) -> str | None:
    """"yes", "no" or "skip" when a message answers the disability question, else None.
    A question ("le burn-out, ça compte comme un handicap ?") answers nothing."""
    lexicon = load_lexicon()
    norm = mask_questions(normalize(text or "", lexicon), lexicon)
    hits = [_Hit(cue.value, cue.priority, m.start(), m.group(0))
            for cue in lexicon.disability_cues for m in cue.pattern.finditer(norm)]
    return str(_first_best(hits).value) if hits else None


def read_scheme(text: str) -> str | None:
    """The scheme a message asks about (a key of knowledge/schemes.yml), or None."""
    lexicon = load_lexicon()
    norm = normalize(text or "", lexicon)
    hits = [(m.start(), cue.value) for cue in lexicon.scheme_cues for m in cue.pattern.finditer(norm)]
    return str(min(hits)[1]) if hits else None


def read_age_answer(text: str) -> str | None:
    """age_group from a reply to "Avez-vous moins de 26 ans ?"."""
    return read_profile(text).age_group or _short_answer(text, _SHORT_AGE)


def read_contract_answer(text: str) -> str | None:
    """contract_type from a reply to "Êtes-vous en CDI ?"."""
    return read_profile(text).contract_type or _short_answer(text, _SHORT_CONTRACT)


def read_yes_no(text: str) -> str | None:
    """"yes" or "no" from a short reply ("oui", "c'est juste", "non merci"), else None."""
    norm = normalize(text or "", load_lexicon())
    first_clause = re.split(r"[.,;!?]", norm, maxsplit=1)[0]  # "oui c'est juste. question : …"
    if len(norm.split()) > _SHORT_ANSWER_WORDS + 3 and len(first_clause.split()) > _SHORT_ANSWER_WORDS:
        return None
    norm = first_clause if len(norm.split()) > _SHORT_ANSWER_WORDS + 3 else norm
    stripped = _FILLERS.sub("", norm)  # "euh oui pk pas", "bon ok non merci"
    norm = stripped if stripped.strip() else norm
    if _NO.search(norm):
        return "no"
    if _YES.search(norm):
        return "yes"
    return None


def is_acknowledgement(text: str) -> bool:
    """"ok", "d'accord", "merci": the visitor goes along, and answers nothing."""
    return bool(_ACKNOWLEDGEMENT.match(normalize(text or "", load_lexicon()).strip()))
