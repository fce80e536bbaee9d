"""The socket.io channel the website widget talks to, hardened.

Same events and payloads as Rasa's own `socketio` channel (the widget, and any client
written for Rasa, works unchanged), with:
- origins limited to the host sites that embed the widget (WIDGET_ORIGINS, space- or
  comma-separated; the demo site by default): another site's page cannot open a session;
- session persistence that works whatever the python-socketio version: `enter_room` is a
  coroutine from 5.10 on and Rasa 3.6 does not await it, so replies never reached a
  reloaded page;
- session ids accepted only as 32 hexadecimal characters, the widget's own (a short or
  guessable id would let someone else join the room and read the replies), and kept secret:
  the conversation is stored and addressed under a keyed hash of it (SENDER_ID_KEY,
  pseudonyms.py), so a conversation id seen by a counsellor, in an export or the audit log
  lets nobody write into the conversation nor read its replies;
- the checks every channel applies (guard.py): empty, oversized or unknown-payload
  messages get the polite reply and are not processed; malformed events are dropped;
- a rate limit per conversation and per address (a visitor types a few messages a minute;
  a script that floods gets the polite "attendez" reply, not the NLU and the database);
- no client metadata: the widget sends none, and whatever a client sent would be stored
  as is, outside the redaction of the visitor's text;
- in the cluster (scripts/processes.py), replicas that share rooms through Redis
  (SOCKETIO_REDIS_URL: a reply reaches every tab of a session, whichever replica holds it; the
  replica's own tabs get it even when Redis is down, LocalFirstRedisManager),
  and the engine.io session named in a cookie (SOCKETIO_STICKY_COOKIE) that HAProxy reads
  to send the session's later requests to the replica that holds it.
"""
from __future__ import annotations

import inspect
import logging
import os
import re
import uuid
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from bot.channels.guard import MAX_MESSAGE_CHARS, REPLIES, RateLimit, check_message, exempt_addresses, payloads_of
from bot.channels.pseudonyms import deployment_key, pseudonym

logger = logging.getLogger(__name__)

DEFAULT_ORIGINS = "http://localhost:8000 http://127.0.0.1:8000"
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
# A message event is a few kilobytes at most; larger packets are refused by the transport.
MAX_PACKET_BYTES = 4 * MAX_MESSAGE_CHARS + 4096
PER_CONVERSATION = (10, 20.0)  # messages, seconds
PER_ADDRESS = (60, 60.0)


def allowed_origins(configured: str | list[str] | None = None) -> list[str]:
    """The host sites allowed to open a session: WIDGET_ORIGINS, else the credentials, else the demo site."""
    value = os.environ.get("WIDGET_ORIGINS") or configured or DEFAULT_ORIGINS
    if isinstance(value, str):
        value = re.split(r"[\s,]+", value)
    return [origin.strip().rstrip("/") for origin in value if origin and origin.strip()]


class LocalFirstRedisManager(AsyncRedisManager):
    """Rooms shared through Redis, this replica's own sockets served first, without Redis.

    python-socketio's manager publishes every event to Redis and delivers it when it hears it
    back, its own included: with Redis down, nothing reached anyone, not even the visitor whose
    socket this replica holds (no session_confirm, no reply, not even the polite technical one).
    Here an event is delivered at once to this replica's sockets (their rooms are in its memory),
    then published for the other replicas, which deliver it to theirs; a replica skips what it
    published itself. With Redis down, only a second tab held by another replica misses replies."""

    async def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None, **kwargs):
        if kwargs.get("ignore_queue") or callback is not None:  # Rasa emits no callbacks: python-socketio's way
            return await super().emit(event, data, namespace=namespace, room=room, skip_sid=skip_sid,
                                      callback=callback, **kwargs)
        namespace = namespace or "/"
        await super().emit(event, data, namespace=namespace, room=room, skip_sid=skip_sid, ignore_queue=True)
        await self._publish({"method": "emit", "event": event, "data": data, "namespace": namespace, "room": room,
                             "skip_sid": skip_sid, "callback": None, "host_id": self.host_id})

    async def _handle_emit(self, message: dict) -> None:
        if message.get("host_id") == self.host_id:
            return  # delivered here already
        await super()._handle_emit(message)


def cluster_options() -> dict[str, Any]:
    """What the server needs when it is one replica of several (none under `make run`)."""
    options: dict[str, Any] = {}
    if os.environ.get("SOCKETIO_REDIS_URL"):
        options["client_manager"] = LocalFirstRedisManager(os.environ["SOCKETIO_REDIS_URL"], channel="cep-socketio")
    if os.environ.get("SOCKETIO_STICKY_COOKIE"):
        options["cookie"] = {"name": os.environ["SOCKETIO_STICKY_COOKIE"], "path": "/socket.io",
                             "SameSite": "Lax", "HttpOnly": True}
    return options


class WidgetSocketIOInput(SocketIOInput):
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WidgetSocketIOInput:
        credentials = dict(credentials or {})
        origins = allowed_origins(credentials.pop("allowed_origins", None))
        domain = credentials.pop("domain", "domain.yml")
        channel = super().from_credentials(credentials)
        channel.origins = origins
        channel.domain_path = domain
        return channel

    origins: list[str] = allowed_origins()
    domain_path = "domain.yml"

    @cached_property
    def exempt(self) -> frozenset[str]:
        return exempt_addresses()

    @cached_property
    def rate_limits(self) -> tuple[RateLimit, RateLimit]:
        return RateLimit(*PER_CONVERSATION), RateLimit(*PER_ADDRESS)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        self._key = deployment_key()  # at start: a deployment without it does not start
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.origins,
                          max_http_buffer_size=MAX_PACKET_BYTES, **cluster_options())
        webhook = SocketBlueprint(sio, self.socketio_path, "widget_socketio_webhook", __name__)
        self.sio = sio  # get_output_channel() uses it

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            request = environ.get("sanic.request")
            address = getattr(request, "remote_addr", "") or getattr(request, "ip", "") if request else ""
            await sio.save_session(sid, {"address": address or "unknown"}, namespace=self.namespace)
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            wanted = data.get("session_id") if isinstance(data, dict) else None
            session_id = wanted if isinstance(wanted, str) and SESSION_ID.match(wanted) else uuid.uuid4().hex
            if self.session_persistence:
                # the widget's session id is its secret: the conversation is stored, shown to counsellors
                # and addressed under a keyed hash of it, which opens nothing to whoever reads it
                conversation = pseudonym(self.name(), session_id, self._key)
                joined = sio.enter_room(sid, conversation, namespace=self.namespace)
                if inspect.isawaitable(joined):  # python-socketio 5.10+
                    await joined
                session = await sio.get_session(sid, namespace=self.namespace)
                await sio.save_session(sid, dict(session, session_id=session_id, conversation=conversation),
                                       namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict):
                return
            session = await sio.get_session(sid, namespace=self.namespace) or {}
            sender_id = self._sender(session, sid, data)
            if sender_id is None:
                return
            output = SocketIOOutput(sio, self.bot_message_evt)
            per_conversation, per_address = self.rate_limits
            address = session.get("address", "")
            if not (per_conversation.allow(sender_id)
                    and (address in self.exempt or per_address.allow(address))):
                logger.info("socket.io message refused: too fast")
                await output.send_text_message(sender_id, per_conversation.reply)
                return
            verdict = check_message(data.get("message"), payloads_of(self.domain_path))
            if not verdict.ok:
                logger.info("socket.io message refused: %s", verdict.problem)
                await output.send_text_message(sender_id, verdict.reply)
                return
            try:
                await on_new_message(UserMessage(verdict.text, output, sender_id, input_channel=self.name()))
            except Exception:
                logger.exception("socket.io message could not be handled")
                await output.send_text_message(sender_id, REPLIES["technical_problem"])

        return webhook

    def _sender(self, session: dict, sid: str, data: dict) -> str | None:
        """The conversation a message belongs to: the session this socket joined."""
        if not self.session_persistence:
            return sid
        joined = session.get("session_id")
        given = data.get("session_id")
        if joined is None or (given is not None and given != joined):
            logger.info("socket.io message without its session: dropped")
            return None
        return session["conversation"]
