"""The processes of `make run` and `make run-cluster` (scripts/processes.py), as supervisord runs them."""
import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.processes import cluster_programs, haproxy_config, single_programs, supervisord_config, write_error_pages


def programs_of(config_text: str) -> dict[str, configparser.SectionProxy]:
    parser = configparser.RawConfigParser()
    parser.read_string(config_text)
    return {name.removeprefix("program:"): parser[name] for name in parser.sections() if name.startswith("program:")}


def test_every_process_of_make_run_is_restarted_when_it_dies(tmp_path):
    programs = programs_of(supervisord_config(single_programs(), tmp_path))
    assert set(programs) == {"actions", "rasa", "retention", "demo", "review"}
    assert all(p["autorestart"] == "true" and p["killasgroup"] == "true" for p in programs.values())


def test_the_cluster_runs_each_replica_on_its_own_ports_behind_haproxy(tmp_path):
    env = {"CLUSTER_BASE_PORT": "7100", "RASA_PORT": "7005", "ACTION_PORT": "7055"}
    programs = programs_of(supervisord_config(cluster_programs(3, tmp_path, env), tmp_path))
    assert {"rasa-1", "rasa-2", "rasa-3", "actions-1", "actions-2", "actions-3", "haproxy", "review"} <= set(programs)
    assert all(p["autorestart"] == "true" for p in programs.values())
    rasa = [programs[f"rasa-{n}"]["environment"] for n in (1, 2, 3)]
    assert 'RASA_PORT="7101"' in rasa[0] and 'RASA_PORT="7103"' in rasa[2]
    assert all('ACTION_PORT="7055"' in e and "endpoints.cluster.yml" in e and "CONVERSATIONS_DB_URL" in e for e in rasa)
    assert 'ACTION_PORT="7151"' in programs["actions-1"]["environment"]


@pytest.mark.skipif(not shutil.which("haproxy"), reason="needs Debian's haproxy (make cluster-setup)")
def test_haproxys_configuration_is_valid_and_its_own_error_pages_are_french_json(tmp_path: Path):
    errors = write_error_pages(tmp_path / "errors")
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(2, {"CLUSTER_BASE_PORT": "7100", "RASA_PORT": "7005", "ACTION_PORT": "7055"},
                                     errors=errors))
    checked = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    page = (errors / "503.http").read_bytes().decode()
    assert page.startswith("HTTP/1.1 503") and "09 75 18 76 91" in page and "problème technique" in page


def test_make_run_gives_its_programs_the_secrets_of_dotenv_without_overriding_the_environment(tmp_path, monkeypatch):
    import os

    from scripts.processes import load_dotenv

    dotenv = tmp_path / ".env"
    dotenv.write_text("RASA_AUTH_TOKEN=from-dotenv\nCEP_TEST_ONLY=1\n")
    monkeypatch.setenv("RASA_AUTH_TOKEN", "from-environment")
    monkeypatch.delenv("CEP_TEST_ONLY", raising=False)
    load_dotenv(dotenv)
    assert os.environ["RASA_AUTH_TOKEN"] == "from-environment" and os.environ["CEP_TEST_ONLY"] == "1"
    monkeypatch.delenv("CEP_TEST_ONLY")
