"""One real action server and Rasa server for the conversation tests (journeys and fuzzer)."""
import pytest

from scripts.servers import running_assistant


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    with running_assistant(tmp_path_factory.mktemp("logs")) as running:
        yield running
