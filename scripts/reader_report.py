"""`make reader-report`: how the profile reader does on labelled sets, offline (no server).

For each slot: accuracy, wrong values (set, but not the label) and missed values (unset where
the label has one), for the lexicon alone and with the learned reader at config.yml's
thresholds. The learned reader is scored leave-one-set-out: trained on every training set but
the one scored, so each figure is on messages, and an author, it never saw.

    python -m scripts.reader_report                  # leave-one-set-out, the hard sets (dev7–dev20, blind6a/b to blind15a/b, blind17a/b)
    python -m scripts.reader_report --all            # leave-one-set-out, every training set
    python -m scripts.reader_report --sets intake_cases_dev11 intake_cases_blind12a   # leave-one-set-out, these
    python -m scripts.reader_report --sweep          # and the thresholds' trade-off, per slot
    python -m scripts.reader_report --score SET.yml  # a set trained on by none (trained on all)
    python -m scripts.reader_report --sets … --errors  # and each message read wrong or missed, per slot

Every label is scored here, null ones included (a value set where the label is null is wrong);
the shared scorer behind `make eval` skips some null labels, so its figures differ slightly.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from cep.eligibility import decide_eligibility
from cep.understanding.labelled import (
    examples_of,
    judged_groups,
    load_cases,
    negative_examples,
    nlu_messages,
    train_as_configured,
)
from cep.understanding.learned_reader import CLARITY, SLOTS, STATUS, LearnedReader
from cep.understanding.profile_reader import combine, lexicon_reading, read_profile

ROOT = Path(__file__).resolve().parent.parent
FIELDS = SLOTS + ("eligible",)
HARD_SETS = ("intake_cases_dev7", "intake_cases_dev8", "intake_cases_dev9", "intake_cases_dev10",
             "intake_cases_blind6a", "intake_cases_blind6b", "intake_cases_blind7a", "intake_cases_blind7b",
             "intake_cases_blind8a", "intake_cases_blind8b", "intake_cases_blind9a", "intake_cases_blind9b",
             "intake_cases_blind10a", "intake_cases_blind10b", "intake_cases_blind11a", "intake_cases_blind11b",
             "intake_cases_dev11", "intake_cases_dev12", "intake_cases_blind12a", "intake_cases_blind12b",
             "intake_cases_dev13", "intake_cases_dev14", "intake_cases_blind13a", "intake_cases_blind13b",
             "intake_cases_dev15", "intake_cases_dev16", "intake_cases_blind14a", "intake_cases_blind14b",
             "intake_cases_dev17", "intake_cases_dev18", "intake_cases_blind15a", "intake_cases_blind15b",
             "intake_cases_dev19", "intake_cases_dev20", "intake_cases_blind17a", "intake_cases_blind17b")


def reader_config() -> dict:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    return next(c for c in config["pipeline"] if c["name"].endswith("ProfileExtractor"))


def tally(rows: list[tuple[dict, dict]]) -> dict[str, Counter]:
    """rows: (labels, predicted) -> per field: right, wrong, missed, n."""
    counts = {f: Counter() for f in FIELDS}
    for labels, predicted in rows:
        for name in FIELDS:
            gold, value = labels.get(name), predicted.get(name)
            counts[name]["n"] += 1
            counts[name]["right" if value == gold else "missed" if value is None else "wrong"] += 1
    return counts


def values(reading) -> dict:
    found = {slot: getattr(reading, slot) for slot in SLOTS}
    found["eligible"] = decide_eligibility(found[STATUS], found["currently_working"], reading.holds_a_job is True)
    return found


def print_table(title: str, counts: dict[str, Counter]) -> None:
    print(f"  {title}")
    for name in FIELDS:
        c = counts[name]
        n = c["n"] or 1
        print(f"    {name:<18} accuracy {c['right'] / n:.3f}   wrong {c['wrong'] / n:.3f}"
              f"   missed {c['missed'] / n:.3f}   (n={c['n']})")


class Fold:
    """One held-out set: its cases, the lexicon's readings and the guesses of a learned reader
    trained on the other sets (computed once, so that thresholds can be swept cheaply)."""

    def __init__(self, path: Path, training: list, regularisation: float, judged: set[str]):
        self.cases = load_cases(path)
        self.base = LearnedReader.train(training, regularisation=regularisation, judged_groups=judged)
        read = [lexicon_reading(c["text"]) for c in self.cases]
        self.readings = [reading for reading, _, _ in read]
        self.guesses = [self.base.guess(situation, project) for _, situation, project in read]

    def rows(self, learned: LearnedReader | None) -> list[tuple[dict, dict]]:
        if learned is None:
            return [(c, values(r)) for c, r in zip(self.cases, self.readings, strict=True)]
        return [(c, values(combine(r, learned, g)))
                for c, r, g in zip(self.cases, self.readings, self.guesses, strict=True)]


def folds_for(sets: dict[str, Path], held: list[str], regularisation: float, negatives: list,
              judged: set[str]) -> list[Fold]:
    examples = dict(zip(sets, examples_of(sets.values()), strict=True))
    return [Fold(sets[name], [e for other, ex in examples.items() if other != name for e in ex] + negatives,
                 regularisation, judged) for name in held]


def configured(config: dict, base: LearnedReader) -> LearnedReader:
    return base.with_thresholds(config["thresholds"], config["override_above"], config["doubt_above"],
                                float(config.get("unnamed_project_above", 1.01)),
                                float(config.get("status_in_project_above", 0.0)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--score", type=Path, nargs="*", help="score these sets, trained on all the training sets")
    parser.add_argument("--all", action="store_true", help="every training set in turn, not only the hard ones")
    parser.add_argument("--sets", nargs="*", help="these training sets in turn (file stems), not the hard ones")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--errors", action="store_true", help="print each message read wrong or missed")
    args = parser.parse_args()
    config = reader_config()
    nlu = nlu_messages(ROOT / "data/nlu")
    if args.score:
        learned = train_as_configured(config, nlu, ROOT)
        for path in args.score:
            cases = load_cases(path)
            print(f"=== {path.name}: {len(cases)} messages, trained on every training set")
            print_table("lexicon alone", tally([(c, values(read_profile(c["text"]))) for c in cases]))
            print_table("lexicon + learned reader",
                        tally([(c, values(read_profile(c["text"], learned=learned))) for c in cases]))
        return 0
    sets = {Path(p).stem: ROOT / p for p in config["training_sets"]}
    regularisation = float(config["regularisation"])
    negatives = negative_examples(nlu) if config.get("negatives_from_nlu") else []
    held = list(sets) if args.all else [name for name in args.sets or HARD_SETS if name in sets]
    started = time.perf_counter()
    folds = folds_for(sets, held, regularisation, negatives, judged_groups(config))
    print(f"=== leave-one-set-out over {', '.join(held)} ({sum(len(f.cases) for f in folds)} messages, "
          f"{time.perf_counter() - started:.0f} s)")
    print_table("lexicon alone", tally([row for fold in folds for row in fold.rows(None)]))
    print_table(f"lexicon + learned reader (thresholds {config['thresholds']}, override above "
                f"{config['override_above']}, doubt above {config['doubt_above']})",
                tally([row for fold in folds for row in fold.rows(configured(config, fold.base))]))
    if args.errors:
        print_errors(folds, config)
    if args.sweep:
        print("=== thresholds, leave-one-set-out (each slot swept with the others as configured)")
        sweep(folds, config)
    return 0


def print_errors(folds: list[Fold], config: dict) -> None:
    """Each message whose reading differs from its label, slot by slot: `wrong` (a value that is
    not the label) first, then `missed` (unset where the label has one)."""
    for name in FIELDS:
        print(f"=== {name}: messages read wrong, then missed (label -> reading)")
        for kind in ("wrong", "missed"):
            for fold in folds:
                learned = configured(config, fold.base)
                for case, (labels, found) in zip(fold.cases, fold.rows(learned), strict=True):
                    gold, value = labels.get(name), found.get(name)
                    if value != gold and (value is None) == (kind == "missed"):
                        print(f"  {kind:<6} {case['id']:<6} {gold!s:>16} -> {value!s:<16} {case['text'][:300]}")


def sweep(folds: list[Fold], config: dict) -> None:
    """Accuracy, wrong and missed per slot over a grid of its threshold, override and doubt levels;
    each grid point scored on every fold with that fold's own model."""
    for slot, grid in ((STATUS, itertools.product((0.5, 0.6, 0.7, 0.8), (0.8, 0.9, 1.01), (0.6, 0.7, 0.8, 1.01))),
                       (CLARITY, itertools.product((0.3, 0.4, 0.5, 0.6, 0.7), (1.01,), (1.01,)))):
        print(f"  {slot}: threshold / override / doubt -> accuracy, wrong, missed")
        for threshold, override, doubt in grid:
            settings = ({**config["thresholds"], slot: threshold}, {**config["override_above"], slot: override},
                        {**config["doubt_above"], slot: doubt})
            unnamed = float(config.get("unnamed_project_above", 1.01))
            rows = [row for fold in folds for row in fold.rows(fold.base.with_thresholds(
                *settings, unnamed, float(config.get("status_in_project_above", 0.0))))]
            counts = tally(rows)[slot]
            n = counts["n"]
            print(f"    {threshold:.2f} / {override:.2f} / {doubt:.2f} -> {counts['right'] / n:.3f}, "
                  f"{counts['wrong'] / n:.3f}, {counts['missed'] / n:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
