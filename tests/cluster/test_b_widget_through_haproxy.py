"""Widget visitors through HAProxy on socket.io's polling transport: each poll is a separate HTTP
request, which must reach the replica that holds the engine.io session (HAProxy sticks on the
session id, ?sid=); a request that lands on the other replica is refused (400) and the widget
goes silent. Six visitors at once, so that both replicas hold sessions."""
import asyncio
import uuid

import pytest

from scripts.load import INTAKES
from tests.cluster.helpers import WidgetTab, assert_stored_once_in_order, texts

pytestmark = pytest.mark.cluster

VISITORS = 6
MESSAGES = 4


def served(cluster) -> dict[str, int]:
    return {name: int(row["stot"]) for name, row in cluster.servers("rasa").items()}


async def visitor(url: str, said: list[str]) -> tuple[WidgetTab, list[list[str]]]:
    tab = await WidgetTab(uuid.uuid4().hex).open(url)
    try:
        answers = [texts(await tab.say(text)) for text in said]
        await tab.quiet()
    finally:
        await tab.close()
    return tab, answers


def test_widget_visitors_through_haproxy_get_a_reply_to_every_message(whole_cluster):
    cluster = whole_cluster
    before = served(cluster)
    intakes = [INTAKES[n % len(INTAKES)][:MESSAGES] for n in range(VISITORS)]

    async def everyone():
        return await asyncio.gather(*(visitor(cluster.url, said) for said in intakes))

    results = asyncio.run(everyone())

    after = served(cluster)
    assert all(after[name] > before[name] for name in before), f"one replica held every session: {before} -> {after}"
    for said, (tab, answers) in zip(intakes, results, strict=True):
        assert all(answer and all(answer) for answer in answers), answers  # a bot_uttered for each message
        assert_stored_once_in_order(cluster, cluster.conversation_of("socketio", tab.session_id), said,
                                    received=texts(tab.received))
