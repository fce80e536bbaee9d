"""The import picture: every process's code imports the domain core (cep/) downward, never the
other way, and no process imports another's code, except the review app reading the
conversations through the tracker store's own modules (bot/storage/)."""
import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cep", "bot", "actions", "review", "scripts")
# package -> the project packages it may import
ALLOWED = {
    "cep": set(),
    "bot": {"cep"},
    "actions": {"cep"},
    "review": {"cep", "bot.storage"},
    "scripts": {"cep", "bot", "actions", "review"},
}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name.split(".")[0] in PACKAGES}


def crossings(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in imported_modules(path):
            if name.split(".")[0] == package:
                continue
            if not any(name == allowed or name.startswith(allowed + ".") for allowed in ALLOWED[package]):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return sorted(set(found))


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_imports_only_downward(package):
    assert crossings(package) == []


def test_the_check_sees_a_crossing(tmp_path, monkeypatch):
    module = tmp_path / "bot" / "upward.py"
    module.parent.mkdir()
    module.write_text("from actions.replies import say\nimport review.app\nfrom cep import knowledge\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert crossings("bot") == ["bot/upward.py imports actions.replies", "bot/upward.py imports actions.replies.say",
                                "bot/upward.py imports review.app"]

