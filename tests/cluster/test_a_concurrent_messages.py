"""Many visitors, each sending several messages at once, through HAProxy to two replicas: each
conversation is handled one message at a time whichever replica gets each message (the lock
store in Redis), so every message is answered, stored once, and turns never interleave."""
import uuid

import pytest

from tests.cluster.helpers import assert_stored_once_in_order, send_at_once, texts

pytestmark = pytest.mark.cluster

CONVERSATIONS = 10
MESSAGES = ["bonjour", "je suis salariée dans une banque depuis 12 ans", "c'est gratuit ?",
            "ça peut se faire à distance ?", "combien de temps ça dure ?", "merci"]


def served(cluster) -> dict[str, int]:
    """Requests each Rasa server has answered so far (HAProxy's count; health checks are not counted)."""
    return {name: int(row["stot"]) for name, row in cluster.servers("rasa").items()}


def test_messages_of_one_conversation_sent_at_once_are_each_answered_and_stored_once_in_turn(whole_cluster):
    cluster = whole_cluster
    before = served(cluster)
    messages = {f"cluster-{uuid.uuid4()}": list(MESSAGES) for _ in range(CONVERSATIONS)}

    answered = send_at_once(cluster.url, messages)

    after = served(cluster)
    assert all(after[name] > before[name] for name in before), f"one replica did all the work: {before} -> {after}"
    for sender, results in answered.items():
        for text, status, body in results:
            assert status == 200, (sender, text, status, body)
            assert [t for t in texts(body) if t.strip()], f"{text!r} got no reply: {body}"
        assert_stored_once_in_order(cluster, sender, MESSAGES,
                                    replies={text: texts(body) for text, _, body in results})
