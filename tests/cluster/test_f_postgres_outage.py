"""PostgreSQL unreachable for a while (a restart, a failover), simulated on this database alone:
connections refused, open ones cut. A message then gets a polite reply, not a 500, and nothing
of it is written; once the database is back, the next message is answered where the
conversation was, with nothing restarted."""
import asyncio
import uuid

import pytest
import sqlalchemy as sa

from bot.channels.guard import REPLIES
from scripts.servers import PG_ADMIN_URL
from tests.cluster.helpers import NATIONAL_LINE, WELCOME, WidgetTab, assert_stored_once_in_order, texts

pytestmark = pytest.mark.cluster


def set_database_reachable(database: str, reachable: bool) -> None:
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(reachable).lower()}'))
            if not reachable:
                connection.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                           "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": database})
    finally:
        admin.dispose()


def polite(answer: list[str]) -> bool:
    return bool(answer) and all(t == REPLIES["technical_problem"] or NATIONAL_LINE in t for t in answer)


def test_a_database_outage_gets_a_polite_reply_and_the_conversation_goes_on_after(whole_cluster):
    cluster = whole_cluster
    sender, session_id = f"cluster-{uuid.uuid4()}", uuid.uuid4().hex
    said, replies = ["bonjour", "je suis salariée dans une banque depuis 12 ans"], []
    replies = [texts(cluster.say(sender, text)) for text in said]

    async def widget_during_outage():
        tab = await WidgetTab(session_id).open(cluster.url)
        try:
            return texts(await tab.say("bonjour"))
        finally:
            await tab.close()

    set_database_reachable(cluster.db_name, False)
    try:
        for text in ["c'est gratuit ?", "ça peut se faire à distance ?"]:
            status, body = cluster.send(sender, text)
            assert status in (200, 503), (status, body)
            assert polite(texts(body)), body
        assert polite(asyncio.run(widget_during_outage()))
    finally:
        set_database_reachable(cluster.db_name, True)

    for text in ["c'est gratuit ?", "combien de temps ça dure ?"]:  # nothing restarted
        answer = texts(cluster.say(sender, text))
        assert answer and not polite(answer), answer
        said.append(text)
        replies.append(answer)
    assert not any(WELCOME in t for t in replies[-2] + replies[-1])  # the same conversation, not a new one
    assert_stored_once_in_order(cluster, sender, said, replies=replies)
    assert not cluster.stored_events(cluster.conversation_of("socketio", session_id))
