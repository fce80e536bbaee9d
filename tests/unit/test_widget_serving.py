"""The widget's script as the server serves it, and the host sites allowed to talk to it."""
import json

import pytest

from bot.channels.socketio import allowed_origins
from bot.channels.widget import CONFIG_MARK, widget_script
from cep.knowledge import national


def test_the_contacts_come_from_the_knowledge_files(tmp_path):
    bundle = tmp_path / "cep-chat.js"
    bundle.write_text(f"var CONFIG = {CONFIG_MARK};\n", encoding="utf-8")
    config = json.loads(widget_script(bundle).removeprefix("var CONFIG = ").rstrip(";\n"))
    assert config["phone"] == national().phone == "09 75 18 76 91"
    assert config["websiteUrl"] == national().website_url


def test_an_unbuilt_widget_is_reported_not_served_empty(tmp_path):
    with pytest.raises(FileNotFoundError):
        widget_script(tmp_path / "missing.js")


def test_allowed_origins_from_the_environment_win(monkeypatch):
    monkeypatch.setenv("WIDGET_ORIGINS", "https://www.region.fr, https://emploi.region.fr/")
    assert allowed_origins(["http://ignored"]) == ["https://www.region.fr", "https://emploi.region.fr"]
    monkeypatch.delenv("WIDGET_ORIGINS")
    assert allowed_origins(["https://a.fr"]) == ["https://a.fr"]
    assert allowed_origins() == ["http://localhost:8000", "http://127.0.0.1:8000"]
