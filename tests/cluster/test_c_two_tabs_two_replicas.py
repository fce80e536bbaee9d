"""Two tabs of one widget session, each on its own replica (a visitor who opened the site twice,
after a replica restarted, say): the replicas share socket.io rooms through Redis, so each
tab gets the replies to a message sent from the other, and the conversation is one."""
import asyncio
import uuid

import pytest

from tests.cluster.helpers import WidgetTab, assert_stored_once_in_order, texts

pytestmark = pytest.mark.cluster


def test_a_message_from_either_tab_is_answered_in_both(whole_cluster):
    cluster = whole_cluster
    session_id = uuid.uuid4().hex

    async def scenario():
        tab_a = await WidgetTab(session_id).open(cluster.replica_urls[0])
        tab_b = await WidgetTab(session_id).open(cluster.replica_urls[1])
        try:
            a_to_a = texts(await tab_a.say("bonjour"))
            await tab_b.quiet()
            b_start = len(tab_b.received)
            b_to_b = texts(await tab_b.say("je suis salariée dans une banque depuis 12 ans"))
            await tab_a.quiet()
        finally:
            await tab_a.close()
            await tab_b.close()
        return tab_a, tab_b, a_to_a, b_to_b, b_start

    tab_a, tab_b, a_to_a, b_to_b, b_start = asyncio.run(scenario())

    assert a_to_a and b_to_b
    assert texts(tab_b.received[:b_start]) == a_to_a  # tab A's message answered in tab B too
    assert texts(tab_a.received[len(a_to_a):]) == b_to_b  # and tab B's in tab A
    assert texts(tab_a.received) == texts(tab_b.received)
    assert_stored_once_in_order(cluster, cluster.conversation_of("socketio", session_id),
                                ["bonjour", "je suis salariée dans une banque depuis 12 ans"],
                                replies=[a_to_a, b_to_b])
