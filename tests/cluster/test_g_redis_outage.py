"""Redis down (the lock store and the replicas' shared socket.io rooms): no message can be handled
safely, so none is: the visitor gets the polite technical reply, on REST and in the widget, and
nothing of the message is stored. Redis started again (empty, as without persistence): the
service resumes by itself."""
import asyncio
import uuid

import pytest

from bot.channels.guard import REPLIES
from tests.cluster.helpers import WidgetTab, assert_stored_once_in_order, texts

pytestmark = pytest.mark.cluster


def test_a_redis_outage_gets_the_technical_reply_and_service_resumes_by_itself(whole_cluster):
    cluster = whole_cluster
    sender, session_id = f"cluster-{uuid.uuid4()}", uuid.uuid4().hex
    said = ["bonjour", "je suis salariée dans une banque depuis 12 ans"]
    # one message on each replica: each holds connections to Redis when it goes down
    replies = [texts(cluster.say(sender, text, url=url)) for text, url in zip(said, cluster.replica_urls, strict=True)]
    widget_said, widget_replies = [], []

    async def widget(text: str) -> list[str]:
        tab = await WidgetTab(session_id).open(cluster.url)
        try:
            return texts(await tab.say(text))
        finally:
            await tab.close()

    widget_said.append("bonjour")
    widget_replies.append(asyncio.run(widget("bonjour")))

    cluster.redis.stop()
    try:
        for text in ["c'est gratuit ?", "ça peut se faire à distance ?"]:
            status, body = cluster.send(sender, text)
            assert (status, texts(body)) == (503, [REPLIES["technical_problem"]]), (status, body)
        assert asyncio.run(widget("je suis salariée")) == [REPLIES["technical_problem"]]
    finally:
        cluster.redis.start()

    # the first message after the outage on each replica, whose connections to the old Redis are dead
    for text, url in zip(["c'est gratuit ?", "combien de temps ça dure ?"], cluster.replica_urls, strict=True):
        answer = texts(cluster.say(sender, text, url=url))
        assert answer and REPLIES["technical_problem"] not in answer
        said.append(text)
        replies.append(answer)
    widget_said.append("je suis salariée")
    widget_replies.append(asyncio.run(widget("je suis salariée")))
    assert REPLIES["technical_problem"] not in widget_replies[-1]
    assert_stored_once_in_order(cluster, sender, said, replies=replies)
    assert_stored_once_in_order(cluster, cluster.conversation_of("socketio", session_id), widget_said,
                                replies=widget_replies)
