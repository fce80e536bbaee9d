"""Generated conversations the way visitors break them, against the real servers.

Each conversation is an ordinary intake by a visitor who answers what the assistant asks
(a button pressed, its title typed, or words of their own), with unexpected messages
slipped in at random turns: acknowledgements, greetings, questions, stale buttons,
corrections, requests for a person, gibberish, other languages, empty or huge messages.
Seeded: the same seed gives the same conversations. Checked on every turn (visitor.py):
never silent, never a flood, no message repeated; after a request for a person, the reply
gives a way to reach one; after a question, the profile is what it was; at the end, the
tracker shows no loop (no circuit breaker) and the assistant listening.

    python -m tests.conversations.fuzzer --conversations 200 --seed 7   (servers started here)
"""
from __future__ import annotations

import argparse
import json
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.conversations.visitor import Reply, Visitor, check_tracker, check_turn

CONTRACT_SLOTS = ("employment_status", "currently_working", "project_clarity", "eligible")
HANDOFF_SIGNS = ("09 75 18 76 91", "mon-cep.org", "France Travail", "employeur", "Mission locale")

OPENERS = ["bonjour", "Bonjour !", "salut", "bjr", "bonsoir", "hello", "coucou", "Bonjour, j'ai besoin d'aide",
           "bonjour je voudrais des infos sur le CEP", "allo ?", "Bonjour madame", "bonjour, avant tout : c'est gratuit ?"]
SITUATIONS = [
    "je suis salariée en cdi dans une pme", "chui au chomage depuis 3 mois", "je suis fonctionnaire territorial",
    "infirmière à l'hôpital public", "je suis auto-entrepreneur", "je suis étudiante en master",
    "retraité depuis l'an dernier", "je suis sans emploi et je cherche du travail", "agent contractuel à la mairie",
    "je bosse en interim", "je suis en CDD jusqu'en juin", "artisan plombier à mon compte", "je suis en congé parental",
    "demandeuse d'emploi, 24 ans", "je suis prof dans un collège public", "cadre dans une banque",
    "je suis apprenti en boulangerie", "je suis au foyer depuis 10 ans", "je suis en arrêt maladie, salarié d'un hôtel",
    "j'ai été licencié le mois dernier", "étudiant et je bosse le week-end", "retraitée mais je fais des ménages",
    "je travaille dans la restauration", "je suis aide-soignante", "ex-fonctionnaire, maintenant à mon compte",
]
PROJECTS = ["je ne sais pas du tout quoi faire", "j'ai une idée : devenir éducatrice", "j'hésite entre deux métiers",
            "aucune idée", "plusieurs pistes", "je veux devenir infirmier", "soit la menuiserie soit le paysagisme",
            "pas encore", "je voudrais créer ma boîte", "je veux changer de métier mais je sais pas vers quoi"]
FREE_ANSWERS = ["oui", "non", "ouais", "nan", "oui oui", "non merci", "plutôt oui", "j'ai 23 ans", "j'ai 45 ans",
                "en cdi", "en cdd", "c'est juste", "pas vraiment", "je préfère ne pas répondre"]
UNEXPECTED = {
    "acknowledgement": ["ok", "merci", "hmm", "d'accord", "ok merci", "super", "👍", "ah", "bien reçu", "oki"],
    "greeting": ["bonjour", "re bonjour", "salut", "bonsoir"],
    "question": ["c'est gratuit ?", "combien ça coûte le bilan ?", "je peux utiliser mon CPF ? faut payer les 100 balles ?",
                 "je peux être payée pendant la formation ?", "je peux faire le CEP pendant mon congé parental ?",
                 "mon employeur peut m'obliger à faire un bilan ?", "je dois passer par qui, mon DRH ?",
                 "l'APEC c'est quoi ?", "c'est quoi les horaires du 09 75 18 76 91 ?", "c'est confidentiel ?",
                 "si je démissionne pour créer ma boîte, j'ai droit au chômage ?", "c'est des gens de Pôle emploi ?",
                 "c quoi le projet de transition pro", "ça dure combien de temps ?", "c'est possible en visio ?",
                 "vous pouvez me rappeler ?", "vous gardez mes données ?", "c'est quoi la VAE ?",
                 "vers qui je peux me tourner ?", "c'est quoi la différence avec un bilan de compétences ?",
                 "la mission locale c'est quoi ?", "est-ce que mon patron sera au courant ?"],
    "stale_button": ['/inform{"employment_status": "private_employee"}', '/inform{"project_clarity": "one_idea"}',
                     "/affirm", "/deny", '/disability_answer{"disability": "no"}', '/ask_scheme{"scheme": "vae"}',
                     '/inform{"currently_working": true}', '/inform{"age_group": "under_26"}', "/ask_free"],
    "correction": ["en fait je suis en CDD", "non pardon je suis fonctionnaire", "finalement j'ai plusieurs idées",
                   "je me suis trompé, je suis au chômage", "en fait je suis indépendante"],
    "handoff": ["conseiller", "je veux parler à quelqu'un", "un humain svp", "Parler à un conseiller",
                "je préfère appeler quelqu'un"],
    "distress": ["je suis perdu", "je suis en burn out", "j'en peux plus de mon boulot", "je suis complètement perdue"],
    "noise": ["asdfgh", "???", "...", "😭😭", "mdr", "jsp", "1234", "<script>alert(1)</script>", "a" * 300,
              "quel temps fait-il demain ?", "can you help me find a job", "ich suche Arbeit", "j'ai une RQTH",
              "mon numéro c'est 06 12 34 56 78"],
}


@dataclass
class Figures:
    conversations: int = 0
    turns: int = 0
    failed_turns: int = 0
    silent_turns: int = 0
    circuit_breaker_trips: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        for name in ("conversations", "turns", "failed_turns", "silent_turns", "circuit_breaker_trips"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures += other.failures

    def summary(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "failures"} | {"first_failures": self.failures[:5]}


def ordinary_turn(rng: random.Random, last: Reply | None) -> str:
    """What a visitor on the path says next: a button of the last reply, its title typed, or words."""
    buttons = [b for b in (last.buttons if last else []) if b["payload"] != "/request_human"]
    roll = rng.random()
    if buttons and roll < 0.45:
        return rng.choice(buttons)["payload"]
    if buttons and roll < 0.65:
        return rng.choice(buttons)["title"]
    return rng.choice(SITUATIONS + PROJECTS + FREE_ANSWERS)


def conversation(assistant, seed: int) -> Figures:
    rng = random.Random(seed)
    figures = Figures(conversations=1)
    visitor = Visitor(assistant, f"fuzz-{seed}-{uuid.uuid4().hex[:8]}")
    last: Reply | None = None
    for number in range(rng.randint(5, 12)):
        kind = "ordinary"
        if number == 0:
            text = rng.choice(OPENERS + SITUATIONS)
        elif rng.random() < 0.35:
            kind = rng.choice(list(UNEXPECTED))
            text = rng.choice(UNEXPECTED[kind])
        else:
            text = ordinary_turn(rng, last)
        before = {k: v for k, v in visitor.slots().items() if k in CONTRACT_SLOTS} if kind == "question" else None
        figures.turns += 1
        try:
            last = Reply(text, assistant.say(visitor.sender, text))
            visitor.replies.append(last)
            if not last.messages:
                figures.silent_turns += 1
            check_turn(last)
            if kind == "handoff":
                assert any(sign in last.text for sign in HANDOFF_SIGNS), f"no way to reach a person after {text!r}"
            if before is not None:
                after = {k: v for k, v in visitor.slots().items() if k in CONTRACT_SLOTS}
                assert after == before, f"the question {text!r} changed the profile: {before} -> {after}"
        except AssertionError as error:
            figures.failed_turns += 1
            figures.failures.append(f"seed {seed}: {error}\n{visitor.transcript()}")
    try:
        check_tracker(assistant.tracker(visitor.sender), visitor.transcript())
    except AssertionError as error:
        figures.circuit_breaker_trips += 1
        figures.failures.append(f"seed {seed}: {error}")
    return figures


def run(assistant, conversations: int, seed: int, workers: int = 3) -> Figures:
    total = Figures()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for figures in pool.map(lambda i: conversation(assistant, seed * 1_000_000 + i), range(conversations)):
            total.add(figures)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("results/fuzzer.json"))
    args = parser.parse_args()
    from scripts.servers import running_assistant

    with running_assistant() as assistant:
        figures = run(assistant, args.conversations, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures.summary(), ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(figures.summary(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
