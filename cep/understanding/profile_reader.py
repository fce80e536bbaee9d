"""Reads the visitor's situation from free text: the contract's profile slots and a few more.

`read_profile("ancien fonctionnaire, à mon compte depuis 2 ans, j'hésite entre deux idées")`
returns employment_status="self_employed", project_clarity="several_ideas".

How it decides (the cues themselves are data, in lexicon.yml; where each one stands is the
Scanner's business, scanner.py):
- a cue inside a project ("je voudrais devenir infirmière", "repasser salarié"), after a
  past marker ("ancien salarié", "j'étais prof") or negated ("je ne suis plus salarié") does
  not describe the present situation;
- after a correction marker ("non, en fait je suis en CDD"), only what follows counts;
- a student, retiree or inactive person who works stays in that status with
  currently_working=True; one who looks for a job is a job seeker (contract.md);
- a job-seeking cue ("au chômage") beats a generic employee cue, apprentices are employees.

The `read_*_answer` functions read a reply to a question the assistant just asked: what it
states, else what it means as a short reply ("plusieurs", "non", "le privé"; short_answers.py,
whose `read_yes_no` and `is_acknowledgement` are public names here too).
Pure Python: no Rasa here, so the rules are quick to test (tests/unit/test_profile_reader.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cep.understanding.learned_reader import CLARITY, STATUS, WORKING, Guess, LearnedReader
from cep.understanding.lexicon import Details, Lexicon, load_lexicon
from cep.understanding.normalize import fold, normalize
from cep.understanding.places import read_region
from cep.understanding.questions import mask_questions
from cep.understanding.scanner import Hit, Scanner, first_best
from cep.understanding.short_answers import is_acknowledgement, read_yes_no, short_answer
from cep.vocabulary import EMPLOYED, NOT_ACTIVE

__all__ = [
    "Reading", "combine", "is_acknowledgement", "read_age_answer", "read_clarity_answer", "read_contract_answer",
    "read_disability", "read_profile", "read_scheme", "read_status_answer", "read_working_answer", "read_yes_no",
    "lexicon_reading", "warm_up",
]

# at equal priority, a visitor who lists options has ideas; one who says "je ne sais pas" has none
_CLARITY_TIE_ORDER = {"several_ideas": 2, "no_idea": 1, "one_idea": 0}


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
    # a word that names the status or an employer that implies it ("gendarme", "ATSEM", "à mon
    # compte"): the learned reader's "no status" (a word it has not learnt) does not unset it
    status_specific: bool = False
    # the slots whose value the learned reader guessed where the lexicon was silent
    guessed: frozenset[str] = frozenset()
    # when the status is unsure between two ("private_employee|self_employed"): the question to ask
    status_between: str | None = None
    # the message speaks of a project (a wish, a hesitation, a project zone), whatever it is
    talks_of_project: bool = False
    # how clear the project is was said outright ("j'ai une idée précise", "aucune idée")
    clarity_explicit: bool = False
    # what the message says of holding a job now, whatever the status: True for "je travaille le
    # samedi comme caissière" even when the learned reader cannot tell employee from self-employed
    holds_a_job: bool | None = None
    # the statuses the visitor says are not theirs ("je ne suis pas au chômage"): never guessed
    status_denied: frozenset[str] = frozenset()

    def slots(self) -> dict[str, object]:
        """The values this message states, by slot name."""
        names = ("employment_status", "currently_working", "project_clarity", "age_group",
                 "cadre", "young_graduate", "region", "contract_type", "project_type", "public_branch")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


def _decide_status(hits: list[Hit]) -> str | None:
    decisive = [h for h in hits if h.priority >= 9]
    if decisive:  # the highest: looking for a work-study place (10) before being in one (9)
        top = max(h.priority for h in decisive)
        chosen = [h for h in decisive if h.priority == top][-1]
        if chosen.value != "job_seeker" and any(h.value == "public_employee" for h in hits):
            return "public_employee"  # an apprentice is an employee: of a public employer when one is named
        return str(chosen.value)
    not_active = [h for h in hits if h.value in NOT_ACTIVE]
    employed = [h for h in hits if h.value in EMPLOYED]
    seeking = [h for h in hits if h.value == "job_seeker"]
    if not_active:
        # looking for work, and no job held but the one sought ("je cherche un poste de secrétaire")
        if seeking and not [h for h in employed if h.priority >= 1]:
            return "job_seeker"
        said = [h for h in not_active if h.value != "inactive"]  # "je ne cherche pas, je suis retraitée"
        return str(first_best(said or not_active).value)
    strong_seeking = [h for h in seeking if h.priority >= 2]
    if strong_seeking:
        strong_employed = [h for h in employed if h.priority >= 2]
        if not strong_employed or strong_seeking[0].start < strong_employed[0].start:
            return "job_seeker"
    if employed:
        return str(first_best(employed).value)
    if seeking:
        return "job_seeker"
    return None


def _decide_working(status: str | None, status_hits: list[Hit],
                    explicit: list[Hit]) -> bool | None:
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


def _decide_clarity(hits: list[Hit]) -> str | None:
    if not hits:
        return None
    best = max(hits, key=lambda h: (h.priority, _CLARITY_TIE_ORDER[str(h.value)]))
    return str(best.value)


def _age_group(text: str, details: Details) -> str | None:
    if details.under_26.search(text):
        return "under_26"
    for pattern in details.ages:
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


def _public_branch(scan: Scanner, lexicon: Lexicon) -> str | None:
    """The civil service a public agent names ("à la mairie", "au CHU"), outside projects."""
    hits, _ = scan.hits(lexicon.public_branch_cues, skip_projects=True)
    return str(first_best(hits).value) if hits else None


def read_profile(text: str, lexicon: Lexicon | None = None, learned: LearnedReader | None = None) -> Reading:
    """Read what a visitor's message says about their situation and project: the lexicon's cues,
    then, with `learned`, the learned reader's confident guesses for what the cues left unset."""
    reading, situation, project = lexicon_reading(text, lexicon)
    if learned is not None:
        reading = _with_guesses(reading, learned, situation, project)
    return reading


def lexicon_reading(text: str, lexicon: Lexicon | None = None) -> tuple[Reading, str, str]:
    """The lexicon's reading of a message, and the two texts the learned reader reads in it
    (situation, project), read once."""
    lexicon = lexicon or load_lexicon()
    norm, project_text = _prepared(text, lexicon)
    scan = Scanner(norm, lexicon)
    project_scan = Scanner(project_text, lexicon)

    status_hits, denied_hits = scan.hits(lexicon.status_cues, skip_projects=True)
    not_seeking = bool(lexicon.markers["not_seeking"].search(norm))
    if not_seeking:
        status_hits = [h for h in status_hits if h.value != "job_seeker"]
    status = _decide_status(status_hits)
    deciding = [h.priority for h in status_hits if h.value == status]
    explicit = any(h.priority >= 9 for h in status_hits) or (
        bool(deciding) and max(deciding) >= 1 and scan.correction_at >= 0)

    working_hits, negated_working = scan.hits(lexicon.working_cues, skip_projects=True)
    # "je ne cherche pas de travail" negates nothing true; a negated "working" cue means not working
    working_hits += [Hit(False, h.priority, h.start, h.text) for h in negated_working if h.value]
    working = _decide_working(status, status_hits, working_hits)
    if status is None and not_seeking and working is False:
        status = "inactive"  # neither working nor looking for work

    clarity_hits, _ = project_scan.hits(lexicon.clarity_cues, skip_projects=False)
    clarity = _decide_clarity(clarity_hits + project_scan.alternatives_in_projects())

    contract_hits, _ = scan.hits(lexicon.contract_cues, skip_projects=True)
    project_type = None
    if clarity in ("one_idea", "several_ideas") or project_scan.zones:
        type_hits, _ = project_scan.hits(lexicon.project_type_cues, skip_projects=False)
        project_type = str(first_best(type_hits).value) if type_hits else None

    details = lexicon.details
    cadre = None
    if details.not_cadre.search(norm):
        cadre = False
    elif (match := details.cadre.search(norm)) and not scan.in_project(match.start()):
        cadre = True

    # "je cherche un emploi" opens a zone (what follows it may be the project) but names none
    zones = [(start, end) for start, end in project_scan.zones
             if not _GENERIC_SEARCH.fullmatch(project_text[max(start, 0):end].strip(" ,."))]
    reading = Reading(
        employment_status=status,
        currently_working=working,
        project_clarity=clarity,
        age_group=_age_group(_situation_text(scan), details),  # not the age of the child written about
        cadre=cadre,
        young_graduate=True if details.young_graduate.search(norm) else None,
        region=read_region(norm),
        contract_type=str(first_best(contract_hits).value) if contract_hits else None,
        project_type=project_type,
        public_branch=_public_branch(scan, lexicon) if status == "public_employee" else None,
        status_explicit=explicit,
        status_weak=status is not None and max(deciding, default=0) <= 0,
        status_specific=status is not None and max(deciding, default=0) >= 2,
        talks_of_project=bool(zones or lexicon.markers["hesitation"].search(project_text)
                              or lexicon.markers["wish"].search(project_text)),
        clarity_explicit=clarity is not None and bool(lexicon.markers["clarity_said"].search(project_text)),
        holds_a_job=working if working is not None else (True if status in EMPLOYED else None),
        status_denied=frozenset(str(h.value) for h in denied_hits) - {status},
    )
    return reading, _situation_text(scan), " ".join(project_text.split())


_GENERIC_SEARCH = re.compile(r"(re)?cherche (maintenant |activement )?(un |du |de le )?(emploi|travail|boulot|job|taf)")


def _situation_text(scan: Scanner) -> str:
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


def _with_guesses(reading: Reading, learned: LearnedReader, situation: str, project: str) -> Reading:
    guesses = learned.guess(situation, project)
    if not re.search(r"[a-z]{2}", situation):
        guesses.pop(CLARITY, None)  # only symbols, or questions: left to the lexicon
    return combine(reading, learned, guesses)


def combine(reading: Reading, learned: LearnedReader, guesses: dict[str, Guess]) -> Reading:
    """The lexicon's reading with the learned reader's guesses, slot by slot:
    - the lexicon silent, or only an occupation seen ("aide-soignante": public or private?): the
      model's value when it is confident, else unset (asked);
    - the lexicon sure: kept, unless the model firmly disagrees (unset, asked) or is very sure of
      another value (the model's); the model's firm "no status" does not unset a word that names
      the status ("je suis gendarme": a word the model may not have learnt);
    - project clarity said outright ("une idée précise", "aucune idée"): the lexicon's;
    - project clarity otherwise: what the learned reader's judge makes of both, when confident enough; where
      no word speaks of a project, only if the model is sure of one ("ingénieur cadre dans
      l'aéronautique" is no wish to become one); "one idea" where the lexicon read no clarity only if
      the model is sure of it too ("je veux arrêter", "je voudrais progresser": a wish, no idea named)."""
    guessed, changes = set(), {}
    status = reading.employment_status
    status_guess = guesses.get(STATUS)
    if status_guess is not None and status_guess.value in reading.status_denied:
        status_guess = None  # "je ne suis pas au chômage": the model, blind to negation, read "chômage"
    if status_guess is not None and status in NOT_ACTIVE and reading.currently_working \
            and status_guess.value in EMPLOYED:
        status_guess = None  # a student or retiree who works: the model reads the job, not the status
    if status_guess is not None:
        if status is None or reading.status_weak:
            worker = status is not None
            status = status_guess.value if learned.confident_of_status(status_guess, reading.talks_of_project) else None
            if status is None:
                changes["status_between"] = learned.between(status_guess, worker)
        elif learned.overrides(STATUS, status_guess, status):
            status = status_guess.value
        elif learned.doubts(STATUS, status_guess, status) and not (status_guess.value is None and reading.status_specific):
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
    clarity_guess = guesses.get(CLARITY)
    if clarity_guess is not None and not reading.clarity_explicit and (
            reading.talks_of_project or learned.names_a_project(clarity_guess, reading.employment_status is not None)):
        # the lexicon's and the model's readings weighed by the judge; unsure, the slot is asked
        judged = learned.clarity(reading.project_clarity, clarity_guess, reading.talks_of_project)
        clarity = judged.value if learned.confident(CLARITY, judged) else None
        if clarity == "one_idea" and reading.project_clarity is None \
                and not learned.sure_of_one_idea(clarity_guess, reading.employment_status is not None and not reading.talks_of_project):
            clarity = None
        if clarity != reading.project_clarity:
            changes[CLARITY] = clarity
            if clarity is not None:
                guessed.add(CLARITY)
    return replace(reading, **changes, guessed=frozenset(guessed))


# Replies to the question the assistant just asked: what the reply states, else what it means as a
# short answer to that question (short_answers.yml)

# (`reading`: the text's read_profile, when the caller has it already)

def read_status_answer(text: str, reading: Reading | None = None) -> str | None:
    """employment_status from a reply to "Quelle est votre situation ?"."""
    return (reading or read_profile(text)).employment_status or short_answer(text, STATUS)


def read_working_answer(text: str, reading: Reading | None = None) -> bool | None:
    """currently_working from a reply to "Avez-vous un emploi en ce moment ?"."""
    reading = reading or read_profile(text)
    if re.match(r"\W*(non|nan|nope|pas encore|pas du tout)\b", fold(text or "")):
        return False  # "non pas encore, c'est justement ce que je cherche, un petit boulot…"
    if reading.currently_working is not None:
        return reading.currently_working
    if reading.employment_status in EMPLOYED:
        return True
    return short_answer(text, WORKING)


def read_clarity_answer(text: str, reading: Reading | None = None) -> str | None:
    """project_clarity from a reply to "Où en êtes-vous de votre projet ?"."""
    return (reading or read_profile(text)).project_clarity or short_answer(text, CLARITY)


def read_age_answer(text: str, reading: Reading | None = None) -> str | None:
    """age_group from a reply to "Avez-vous moins de 26 ans ?"."""
    return (reading or read_profile(text)).age_group or short_answer(text, "age_group")


def read_contract_answer(text: str, reading: Reading | None = None) -> str | None:
    """contract_type from a reply to "Êtes-vous en CDI ?"."""
    return (reading or read_profile(text)).contract_type or short_answer(text, "contract_type")


def read_disability(text: str) -> str | None:
    """"yes", "no" or "skip" when a message answers the disability question, else None.
    A question ("le burn-out, ça compte comme un handicap ?") or someone else's situation ("mon fils a
    une RQTH") answers nothing."""
    lexicon = load_lexicon()
    norm = mask_questions(normalize(text or "", lexicon), lexicon)
    others = Scanner(norm, lexicon).others  # "mon fils a une RQTH" says nothing of the visitor
    hits = [Hit(cue.value, cue.priority, m.start(), m.group(0))
            for cue in lexicon.disability_cues for m in cue.pattern.finditer(norm)
            if not any(start <= m.start() < end for start, end in others)]
    return str(first_best(hits).value) if hits else None


def read_scheme(text: str) -> str | None:
    """The scheme a message asks about (a key of knowledge/schemes.yml), or None."""
    lexicon = load_lexicon()
    norm = normalize(text or "", lexicon)
    hits = [(m.start(), cue.value) for cue in lexicon.scheme_cues for m in cue.pattern.finditer(norm)]
    return str(min(hits)[1]) if hits else None


def warm_up() -> None:
    """Load the lexicon and the place names now (about half a second), not on a visitor's message."""
    read_profile("je suis salarié à Lyon et je voudrais devenir infirmier")
