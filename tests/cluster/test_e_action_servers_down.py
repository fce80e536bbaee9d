"""Every action server down (stopped, crashed, being deployed): the Rasa servers cannot compose
a reply. The visitor is not left in silence nor shown an error: the assistant says it cannot
answer now and gives the national line, and goes on by itself once the action servers are back."""
import time
import uuid

import pytest

from tests.cluster.helpers import NATIONAL_LINE, WELCOME, assert_stored_once_in_order, texts

pytestmark = pytest.mark.cluster


def test_with_every_action_server_down_the_visitor_gets_the_national_line(whole_cluster):
    cluster = whole_cluster
    ongoing, newcomer = f"cluster-{uuid.uuid4()}", f"cluster-{uuid.uuid4()}"
    said = {ongoing: ["bonjour"], newcomer: []}
    replies = {ongoing: [texts(cluster.say(ongoing, "bonjour"))], newcomer: []}

    cluster.stop("actions-1", "actions-2")
    try:
        assert {cluster.status()[name] for name in ("actions-1", "actions-2")} == {"STOPPED"}
        for sender, text in [(ongoing, "je suis salariée dans une banque depuis 12 ans"),
                             (newcomer, "bonjour"), (newcomer, "je suis au chômage depuis mars")]:
            status, body = cluster.send(sender, text)
            assert status == 200, (status, body)  # never a 500
            answer = texts(body)
            assert answer and NATIONAL_LINE in " ".join(answer), answer  # never silence
            assert all("problème technique" in t for t in answer if t.strip()), answer
            said[sender].append(text)
            replies[sender].append(answer)
    finally:
        cluster.start("actions-1", "actions-2")
    cluster.wait_until_up("actions", timeout=60)
    time.sleep(1)

    for sender, text in [(ongoing, "c'est gratuit ?"), (newcomer, "je suis au chômage depuis mars")]:
        answer = texts(cluster.say(sender, text))  # service resumes by itself
        assert answer and not any(NATIONAL_LINE in t and "problème technique" in t for t in answer), answer
        said[sender].append(text)
        replies[sender].append(answer)
    # what the visitor said during the outage changed nothing: the assistant goes on where it was,
    # and the status read from that message was not kept without its validation
    assert not any(WELCOME in t for t in replies[ongoing][-1])
    for sender in (ongoing, newcomer):
        events = assert_stored_once_in_order(cluster, sender, said[sender], replies=replies[sender])
        if sender == ongoing:
            assert {e["data"]["value"] for e in events if e["type_name"] == "slot"
                    and e["data"]["name"] == "employment_status"} <= {None}
