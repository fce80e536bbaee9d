"""One conversation handled by one replica at a time, in arrival order: a lock store in Redis
whose every step is one atomic Redis script (the cluster's `lock_store`, deploy/endpoints.cluster.yml).

Why not Rasa's own RedisLockStore: it keeps a conversation's ticket queue as one JSON value
that each replica reads, changes and writes back. Two replicas issuing a ticket at the same
moment can both get the same ticket, or one can erase the other's, and then two messages of
one conversation are handled at once: events interleave or are lost (rasa #9213; the fix
went to Rasa Pro only). Here nothing is read, changed and written back by the replica:
- a ticket is `INCR` on the conversation's counter: no two messages get the same one;
- the queue is a sorted set of tickets, each with a deadline (issue time + the lock's
  lifetime, read on Redis's clock, so the replicas' clocks do not matter);
- a message is handled when its ticket is the lowest live one: in arrival order (FIFO),
  checked every `POLL_SECONDS` without blocking the server;
- a replica that dies holding a ticket blocks its conversation until the deadline, then the
  next message goes on (Rasa's lock lifetime, 60 s, `TICKET_LOCK_LIFETIME`);
- releasing removes its own ticket only;
- a command that fails on a dead connection is sent once more on a new one (a restarted Redis:
  the replicas' pooled connections to the old process are closed). Every script may run twice:
  issuing is keyed by a request id, so a repeated issue returns the same ticket, never a second
  one that would hold the conversation until its deadline; reading the head and releasing
  change nothing when repeated.

What it does not guarantee: a message whose handling outlasts the lifetime loses its turn to
the next one (the server's response timeout, 30 s, ends most such handling first); one Redis
server is trusted (no Redlock across several); when Redis is unreachable, no message is
handled (the visitor gets the polite technical reply) and no conversation is touched.
"""
from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

import redis.asyncio as redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.02
KEY_PREFIX = "cep:lock:"
DEFAULT_URL = "redis://127.0.0.1:6379/1"

_NOW_MS = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) "

# KEYS: counter, queue (ticket -> ticket), deadlines (ticket -> ms), issued (request id -> ticket);
# ARGV: lifetime in ms, request id. The same request issued twice gets the same ticket.
ISSUE = _NOW_MS + """
local known = redis.call('HGET', KEYS[4], ARGV[2])
if known then return tonumber(known) end
local ticket = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], ticket, ticket)
redis.call('HSET', KEYS[3], ticket, now + tonumber(ARGV[1]))
redis.call('HSET', KEYS[4], ARGV[2], ticket)
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, 2 * tonumber(ARGV[1])) end
return ticket
"""

# KEYS: queue, deadlines. Drops expired tickets at the head; returns the live head, 0 if none.
HEAD = _NOW_MS + """
while true do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)
  if #head == 0 then return 0 end
  local deadline = tonumber(redis.call('HGET', KEYS[2], head[1]) or '0')
  if deadline > now then return tonumber(head[1]) end
  redis.call('ZREM', KEYS[1], head[1])
  redis.call('HDEL', KEYS[2], head[1])
end
"""

# KEYS: queue, deadlines, issued; ARGV: ticket, request id
RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[2])
return 1
"""


class AtomicRedisLockStore(LockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, *, url: str = DEFAULT_URL,
                 key_prefix: str = KEY_PREFIX) -> None:
        """`url`: redis://host:port/db, from the endpoint's `url` when Rasa builds the store."""
        if endpoint_config is not None:
            url = endpoint_config.url or url
            key_prefix = str(endpoint_config.kwargs.get("key_prefix", key_prefix))
        # short timeouts: an unreachable Redis answers the visitor politely within seconds; a
        # connection found dead is replaced and the command sent once more (a restarted Redis)
        self.red = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5,
                                        retry=Retry(NoBackoff(), 1), retry_on_error=[redis.ConnectionError])
        self.key_prefix = key_prefix
        self._issue = self.red.register_script(ISSUE)
        self._head = self.red.register_script(HEAD)
        self._release = self.red.register_script(RELEASE)
        super().__init__()

    def _keys(self, conversation_id: str) -> tuple[str, str, str, str]:
        base = self.key_prefix + conversation_id
        return base + ":counter", base + ":queue", base + ":deadlines", base + ":issued"

    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = POLL_SECONDS) -> AsyncGenerator[TicketLock, None]:
        counter, queue, deadlines, issued = self._keys(conversation_id)
        request = uuid.uuid4().hex
        try:
            ticket = int(await self._issue(keys=[counter, queue, deadlines, issued],
                                           args=[int(lock_lifetime * 1000), request]))
        except redis.RedisError as error:
            raise LockError(f"Could not reach the lock store: {error}") from error
        try:
            await self._wait_for_turn(ticket, queue, deadlines, min(wait_time_in_seconds, POLL_SECONDS))
            yield TicketLock(conversation_id)
        finally:
            try:
                await self._release(keys=[queue, deadlines, issued], args=[ticket, request])
            except redis.RedisError:
                logger.warning("a ticket could not be released; it expires with its deadline")

    async def _wait_for_turn(self, ticket: int, queue: str, deadlines: str, poll: float) -> None:
        while True:
            try:
                head = int(await self._head(keys=[queue, deadlines]))
            except redis.RedisError as error:
                raise LockError(f"Could not reach the lock store: {error}") from error
            if head == ticket:
                return
            if head == 0 or head > ticket:  # this message's own ticket expired while it waited
                raise LockError(f"The conversation's lock expired before message {ticket}'s turn.")
            await asyncio.sleep(poll)
