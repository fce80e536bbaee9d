"""A replica dies (SIGKILL, as the kernel's OOM killer would) between two messages of a
conversation: the visitor's next message is answered by the other replica, nothing of the
conversation is lost, and supervisord starts the dead replica again by itself.

HAProxy checks each replica every second and marks it DOWN after two failed checks; a message
sent within those two seconds may be routed to the dead replica over a connection HAProxy had
kept open to it, and get HAProxy's 502: the visitor's client may send it again (allowed once
or twice within 3 s here, and printed when it happens)."""
import os
import signal
import time
import uuid

import pytest

from tests.cluster.helpers import assert_stored_once_in_order, send_until_answered, texts

pytestmark = pytest.mark.cluster

RESTART_WITHIN = 180  # seconds for supervisord to restart the replica and Rasa to load its model


def served(cluster) -> dict[str, int]:
    return {name: int(row["stot"]) for name, row in cluster.servers("rasa").items()}


def test_a_replica_killed_mid_conversation_loses_nothing_and_comes_back(whole_cluster):
    cluster = whole_cluster
    sender = f"cluster-{uuid.uuid4()}"
    said, replies = [], []
    for text in ["bonjour", "je suis salariée dans une banque depuis 12 ans"]:
        before = served(cluster)
        replies.append(texts(cluster.say(sender, text)))
        said.append(text)
    last = [name for name, count in served(cluster).items() if count > before[name]]
    victim = last[0] if len(last) == 1 else "rasa-1"  # the replica that answered the last message
    number = int(victim.split("-")[1])
    old_pid = cluster.pid(victim)

    os.kill(old_pid, signal.SIGKILL)
    killed_at = time.monotonic()
    try:
        for text in ["c'est gratuit ?", "ça peut se faire à distance ?"]:
            body, failed = send_until_answered(cluster, sender, text, within=3.0)
            if failed:
                print(f"\n{text!r} answered at try {len(failed) + 1} (HAProxy first answered {failed}), "
                      f"{time.monotonic() - killed_at:.1f} s after the kill")
            assert [t for t in texts(body) if t.strip()], body
            replies.append(texts(body))
            said.append(text)
        assert_stored_once_in_order(cluster, sender, said, replies=replies)

        # supervisord restarts it by itself: a new process, which loads the model and answers again
        deadline = time.monotonic() + RESTART_WITHIN
        new_pid = None
        while time.monotonic() < deadline:
            try:
                new_pid = cluster.pid(victim)
            except RuntimeError:
                new_pid = None
            if new_pid and new_pid != old_pid:
                break
            time.sleep(0.5)
        assert new_pid and new_pid != old_pid, cluster.status()
        cluster.wait_until_replica_ready(number, timeout=max(1.0, deadline - time.monotonic()))
        cluster.wait_until_up("rasa", [victim], timeout=max(5.0, deadline - time.monotonic()))
        print(f"\n{victim} killed, restarted by supervisord and answering again after {time.monotonic() - killed_at:.0f} s")
        # the conversation goes on, on the restarted replica too
        text = "combien de temps ça dure ?"
        replies.append(texts(cluster.say(sender, text, url=cluster.replica_urls[number - 1])))
        said.append(text)
        assert replies[-1] and all(replies[-1])
        assert_stored_once_in_order(cluster, sender, said, replies=replies)
    finally:
        if cluster.status().get(victim) != "RUNNING":
            cluster.start(victim)
