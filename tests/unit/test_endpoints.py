"""endpoints.yml as `make run` gives it to Rasa (the test servers write their own)."""
from pathlib import Path

from rasa.utils.endpoints import read_endpoint_config

ENDPOINTS = Path(__file__).resolve().parents[2] / "endpoints.yml"


def test_the_action_server_secret_is_read_from_the_environment(monkeypatch):
    """Found running `make run`: quoted, "${ACTION_SERVER_TOKEN}" was sent as is, and every action
    call was refused (401): the assistant never answered."""
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "s3cret-from-env")
    endpoint = read_endpoint_config(str(ENDPOINTS), "action_endpoint")
    assert endpoint.token == "s3cret-from-env"


def test_the_action_servers_port_is_read_from_the_environment_as_the_procfile_does(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "x")
    monkeypatch.setenv("ACTION_PORT", "6123")
    assert read_endpoint_config(str(ENDPOINTS), "action_endpoint").url == "http://127.0.0.1:6123/webhook"
    procfile = (ENDPOINTS.parent / "Procfile").read_text()
    assert "--port ${ACTION_PORT:-5055}" in procfile and "--port ${RASA_PORT:-5005}" in procfile
    assert "--interface ${RASA_INTERFACE:-127.0.0.1}" in procfile  # loopback, behind the TLS proxy
