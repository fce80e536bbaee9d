"""Our fix to Rasa (bot/rasa_fixes.py): installed when our Rasa server starts, only on Rasa 3.6,
and it validates action-server responses against a schema checked once, not at every call."""
import os
import sys

import jsonschema.validators
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_fixes, rasa_server


@pytest.fixture
def rasas_own_method(monkeypatch):
    """Rasa's method back in place for the test, whatever an earlier test installed."""
    monkeypatch.setattr(RemoteAction, "_validate_action_result", rasa_fixes.RASAS_OWN)


def test_our_rasa_server_installs_the_fix_before_rasa_runs(rasas_own_method, monkeypatch):
    seen = {}
    monkeypatch.setenv("RASA_AUTH_TOKEN", "t0k3n")
    monkeypatch.setenv("SANIC_REQUEST_MAX_SIZE", "")
    monkeypatch.delenv("SANIC_REQUEST_MAX_SIZE")
    monkeypatch.setattr(sys, "argv", ["bot.rasa_server", "--enable-api"])
    monkeypatch.setattr("rasa.__main__.main", lambda: seen.update(installed=rasa_fixes.installed(), argv=sys.argv))
    assert not rasa_fixes.installed()
    rasa_server.main()
    assert seen == {"installed": True, "argv": ["rasa", "run", "--enable-api", "--response-timeout", "30",
                                                  "--auth-token", "t0k3n"]}
    assert os.environ["SANIC_REQUEST_MAX_SIZE"] == "1048576"  # bodies over 1 MB refused unread


def test_another_rasa_version_is_refused(rasas_own_method):
    with pytest.raises(RuntimeError, match="3.6"):
        rasa_fixes.install("3.7.0")
    assert not rasa_fixes.installed()


def test_the_schema_is_checked_once_and_responses_at_every_call(rasas_own_method, monkeypatch):
    rasa_fixes.install()
    checks = []
    cls = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, schema, *a, **k: checks.append(schema)))
    rasa_fixes._response_validator.cache_clear()
    action = RemoteAction("action_x", None)
    for _ in range(5):
        assert action._validate_action_result({"events": [], "responses": [{"text": "ok"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
    assert len(checks) == 1  # Rasa's own jsonschema.validate() checks the schema at every call: 6 here
