"""The cluster's lock store on the real Redis (127.0.0.1:6379, database 15, a key prefix of its own):
one message of a conversation at a time across replicas, in arrival order."""
from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from rasa.core.lock_store import LockError

from bot.storage.redis_lock_store import AtomicRedisLockStore

URL = "redis://127.0.0.1:6379/15"


def replicas(count: int = 3) -> list[AtomicRedisLockStore]:
    """Stores that share nothing but Redis, as replicas do."""
    prefix = f"test:{uuid.uuid4().hex}:"
    return [AtomicRedisLockStore(url=URL, key_prefix=prefix) for _ in range(count)]


async def handle(store: AtomicRedisLockStore, conversation: str, message: int, log: list, hold: float) -> None:
    async with store.lock(conversation):
        log.append(("start", message))
        await asyncio.sleep(hold)
        log.append(("end", message))


def test_messages_of_one_conversation_on_three_replicas_never_overlap_and_keep_their_arrival_order():
    async def scenario() -> list:
        stores, log = replicas(), []
        for store in stores:  # connected, as a running replica is: arrival is when Redis hears of it
            await asyncio.gather(*(handle(store, f"warm-up-{n}", n, [], 0.01) for n in range(15)))
        tasks = []
        for message in range(30):  # arrive one after another, a millisecond apart, on any replica
            tasks.append(asyncio.create_task(handle(stores[message % 3], "c1", message, log, 0.005)))
            await asyncio.sleep(0.001)
        await asyncio.gather(*tasks)
        return log

    log = asyncio.run(scenario())
    assert log == [(step, message) for message in range(30) for step in ("start", "end")]


def test_different_conversations_do_not_wait_for_each_other():
    async def scenario() -> float:
        stores, log = replicas(2), []
        started = time.perf_counter()
        await asyncio.gather(*(handle(stores[n % 2], f"c{n}", n, log, 0.3) for n in range(10)))
        return time.perf_counter() - started

    assert asyncio.run(scenario()) < 1.5  # ten conversations at once, not ten times 0.3 s


def test_a_replica_that_died_holding_the_lock_blocks_its_conversation_only_until_the_lifetime():
    async def scenario() -> float:
        dead, alive = replicas(2)
        holder = dead.lock("c1", lock_lifetime=1.0)
        await holder.__aenter__()  # takes the lock and never gives it back
        started = time.perf_counter()
        async with alive.lock("c1", lock_lifetime=5.0):
            return time.perf_counter() - started

    waited = asyncio.run(scenario())
    assert 0.5 < waited < 3


def test_an_unreachable_redis_refuses_the_message_quickly_instead_of_handling_it_unlocked():
    async def scenario() -> None:
        store = AtomicRedisLockStore(url="redis://127.0.0.1:1/0")
        async with store.lock("c1"):
            pytest.fail("handled without a lock")

    started = time.perf_counter()
    with pytest.raises(LockError):
        asyncio.run(scenario())
    assert time.perf_counter() - started < 5


def test_an_issue_sent_twice_takes_one_ticket():
    """A command is sent once more when its connection dies: issuing again must not take a second
    ticket, which would hold the conversation until its deadline."""
    async def scenario() -> tuple[int, int, int]:
        (store,) = replicas(1)
        keys = list(store._keys("c1"))
        first = await store._issue(keys=keys, args=[60_000, "request-1"])
        again = await store._issue(keys=keys, args=[60_000, "request-1"])
        other = await store._issue(keys=keys, args=[60_000, "request-2"])
        return first, again, other

    first, again, other = asyncio.run(scenario())
    assert again == first and other == first + 1


def test_a_connection_redis_closed_is_replaced_and_the_message_handled():
    """A restarted Redis closed the replica's pooled connections: the next message is handled all the
    same, not refused with the technical reply."""
    import redis.asyncio as redis

    async def scenario() -> list:
        (store,) = replicas(1)
        log: list = []
        await handle(store, "warm-up", 0, [], 0)
        own = await store.red.client_id()  # the pooled connection the next command takes
        admin = redis.Redis.from_url(URL)
        await admin.client_kill_filter(_id=own)
        await admin.close()
        await handle(store, "c1", 1, log, 0)
        return log

    assert asyncio.run(scenario()) == [("start", 1), ("end", 1)]
