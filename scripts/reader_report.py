"""`make reader-report`: how the profile reader does on labelled sets, offline (no server).

For each slot: accuracy, wrong values (set, but not the label) and missed values (unset where
the label has one), for the lexicon alone, the learned reader alone and the two combined at
config.yml's thresholds. The learned reader is scored leave-one-set-out: trained on every
training set but the one scored, so each figure is on messages, and an author, it never saw.

    python scripts/reader_report.py                  # the training sets, leave-one-set-out
    python scripts/reader_report.py --sweep          # and the thresholds' trade-off
    python scripts/reader_report.py --score SET.yml  # a set trained on by none (the final blind set)
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from actions.eligibility import decide_eligibility  # noqa: E402
from bot.understanding.labelled import examples_from, load_cases  # noqa: E402
from bot.understanding.learned_reader import SLOTS, LearnedReader  # noqa: E402
from bot.understanding.profile_reader import read_profile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIELDS = SLOTS + ("eligible",)


def reader_config() -> dict:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    return next(c for c in config["pipeline"] if c["name"].endswith("ProfileExtractor"))


def tally(rows: list[tuple[dict, dict]]) -> dict[str, Counter]:
    """rows: (labels, predicted) -> per field: right, wrong, missed, n."""
    counts = {f: Counter() for f in FIELDS}
    for labels, predicted in rows:
        for field in FIELDS:
            gold, value = labels.get(field), predicted.get(field)
            counts[field]["n"] += 1
            if value == gold:
                counts[field]["right"] += 1
            elif value is None:
                counts[field]["missed"] += 1
            else:
                counts[field]["wrong"] += 1
    return counts


def predicted(text: str, learned: LearnedReader | None) -> dict:
    reading = read_profile(text, learned=learned)
    values = {slot: getattr(reading, slot) for slot in SLOTS}
    values["eligible"] = decide_eligibility(values["employment_status"], values["currently_working"])
    return values


def print_table(title: str, counts: dict[str, Counter]) -> None:
    print(f"  {title}")
    for field in FIELDS:
        c = counts[field]
        n = c["n"] or 1
        print(f"    {field:<18} accuracy {c['right'] / n:.3f}   wrong {c['wrong'] / n:.3f}"
              f"   missed {c['missed'] / n:.3f}   (n={c['n']})")


def score(sets: dict[str, Path], held: list[Path], thresholds: dict, overrides: dict, regularisation: float) -> None:
    lexicon_rows, combined_rows = [], []
    started = time.perf_counter()
    for name in held:
        training = [e for other, path in sets.items() if path != name for e in examples_from(path)]
        learned = LearnedReader.train(training, thresholds, overrides, regularisation)
        for case in load_cases(name):
            lexicon_rows.append((case, predicted(case["text"], None)))
            combined_rows.append((case, predicted(case["text"], learned)))
    print(f"{len(lexicon_rows)} messages, {time.perf_counter() - started:.0f} s")
    print_table("lexicon alone", tally(lexicon_rows))
    print_table(f"lexicon + learned reader (thresholds {thresholds}, overrides {overrides})", tally(combined_rows))


def sweep(sets: dict[str, Path], overrides: dict, regularisation: float) -> None:
    """Accuracy and wrong values per threshold (the same for every slot), leave-one-set-out."""
    grid = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
    rows = {t: [] for t in grid}
    for name, path in sets.items():
        training = [e for other, p in sets.items() if other != name for e in examples_from(p)]
        base = LearnedReader.train(training, regularisation=regularisation)
        for t in grid:
            learned = LearnedReader(base.classifiers, {s: t for s in SLOTS}, overrides)
            rows[t] += [(case, predicted(case["text"], learned)) for case in load_cases(path)]
    for t in grid:
        counts = tally(rows[t])
        line = "  ".join(f"{f} {counts[f]['right'] / counts[f]['n']:.3f}/{counts[f]['wrong'] / counts[f]['n']:.3f}"
                         for f in SLOTS)
        print(f"  threshold {t:.2f}: (accuracy/wrong) {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--score", type=Path, nargs="*", help="score these sets, trained on all the training sets")
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    config = reader_config()
    sets = {Path(p).stem: ROOT / p for p in config["training_sets"]}
    thresholds, overrides = config["thresholds"], config["override_above"]
    regularisation = float(config["regularisation"])
    if args.score:
        print("=== trained on every training set; scored on", ", ".join(str(p) for p in args.score))
        learned = LearnedReader.train([e for p in sets.values() for e in examples_from(p)],
                                      thresholds, overrides, regularisation)
        for path in args.score:
            rows = [(case, predicted(case["text"], learned)) for case in load_cases(path)]
            print_table(f"{path.name}, lexicon + learned reader", tally(rows))
            print_table(f"{path.name}, lexicon alone",
                        tally([(case, predicted(case["text"], None)) for case in load_cases(path)]))
        return 0
    print("=== leave-one-set-out over the training sets")
    score(sets, list(sets.values()), thresholds, overrides, regularisation)
    if args.sweep:
        print("=== thresholds, leave-one-set-out")
        sweep(sets, overrides, regularisation)
    return 0


if __name__ == "__main__":
    sys.exit(main())
