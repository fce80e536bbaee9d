"""What a local user or another machine can reach (issue 12): no token on a command line, an
action server that answers only the Rasa server, on the loopback interface."""
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.security


def post(url: str, body: bytes) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_no_token_is_on_a_command_line(assistant):
    for process in (assistant.rasa, assistant.actions):
        cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes().decode()
        assert assistant.token not in cmdline and assistant.action_token not in cmdline
    # and the API still wants the token
    status, _ = assistant.request("GET", "/conversations/someone/tracker")
    assert status == 401


def test_the_action_server_refuses_a_call_without_the_shared_secret(assistant):
    forged = json.dumps({"next_action": "action_turn", "sender_id": "x",
                         "tracker": {"sender_id": "x", "slots": {}, "events": [], "latest_message": {"text": "secret"}},
                         "domain": {}}).encode()
    status, body = post(f"{assistant.action_url}/webhook", forged)
    assert status == 401 and "secret" not in body
    status, _ = post(f"{assistant.action_url}/webhook?token=wrong", forged)
    assert status == 401


def test_a_malformed_call_with_the_secret_is_refused_without_an_echo(assistant):
    status, body = post(f"{assistant.action_url}/webhook?token={assistant.action_token}",
                        json.dumps({"next_action": "action_turn", "visitor_words": "mon adresse est 5 rue X"}).encode())
    assert 400 <= status < 500 and "adresse" not in body


def test_the_action_server_listens_on_the_loopback_interface_only(assistant):
    port = assistant.action_url.rsplit(":", 1)[1]
    listening = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    local = [fields[1] for fields in listening if fields[3] == "0A" and fields[1].endswith(f":{int(port):04X}")]
    assert local and all(address.startswith("0100007F:") for address in local), local
