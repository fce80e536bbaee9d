"""Thousands of generated conversations (fuzzer.py) with the unexpected slipped in at random
turns: every turn answered, never a flood, the profile untouched by questions, a person
always reachable, never a loop. FUZZ_CONVERSATIONS and FUZZ_SEED change the run."""
import json
import os
from pathlib import Path

from tests.conversations.fuzzer import run

RESULTS = Path(__file__).resolve().parents[2] / "results" / "fuzzer.json"


def test_generated_conversations_hold_up(assistant):
    conversations = int(os.environ.get("FUZZ_CONVERSATIONS", 2000))
    figures = run(assistant, conversations, int(os.environ.get("FUZZ_SEED", 1)))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures.summary(), ensure_ascii=False, indent=2), encoding="utf-8")
    print("\nfuzzer:", json.dumps({k: v for k, v in figures.summary().items() if k != "first_failures"}))
    assert figures.conversations == conversations and figures.turns >= 5 * conversations
    assert (figures.failed_turns, figures.silent_turns, figures.circuit_breaker_trips) == (0, 0, 0), \
        "\n\n".join(figures.failures[:5])
