"""Telegram's Bot API (setWebhook, getMe, sendMessage, answerCallbackQuery) and its webhook
updates, signed with the secret token as Telegram sends them."""
from __future__ import annotations

import itertools
import json
import time

from aiohttp import web

from tests.standins.server import StandIn, post_json

TOKEN = "123456789:AAE-standin-telegram-token"
BOT_NAME = "cep_standin_bot"
SECRET = "telegram-secret-token"
_ids = itertools.count(1000)


class TelegramAPI(StandIn):
    def routes(self) -> list[web.RouteDef]:
        return [web.post("/bot{token}/{method}", self.answer)]

    async def answer(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = dict(await request.post())
        self.record(method, params, request)
        if method == "getMe":
            result = {"id": 123456789, "is_bot": True, "first_name": "CEP", "username": BOT_NAME}
        elif method == "sendMessage":
            result = {"message_id": next(_ids), "date": int(time.time()), "text": params.get("text", ""),
                      "chat": {"id": int(params["chat_id"]), "type": "private"},
                      "from": {"id": 123456789, "is_bot": True, "first_name": "CEP", "username": BOT_NAME}}
        else:  # setWebhook, answerCallbackQuery
            result = True
        return web.json_response({"ok": True, "result": result})


def _user(chat_id: int) -> dict:
    return {"id": chat_id, "is_bot": False, "first_name": "Camille", "language_code": "fr"}


def text_update(chat_id: int, text: str) -> dict:
    return {"update_id": next(_ids), "message": {
        "message_id": next(_ids), "date": int(time.time()), "text": text, "from": _user(chat_id),
        "chat": {"id": chat_id, "type": "private", "first_name": "Camille"}}}


def button_update(chat_id: int, data: str) -> dict:
    """The visitor pressed an inline keyboard button whose callback_data is `data`."""
    return {"update_id": next(_ids), "callback_query": {
        "id": str(next(_ids)), "from": _user(chat_id), "chat_instance": "1", "data": data,
        "message": {"message_id": next(_ids), "date": int(time.time()), "text": "…",
                    "chat": {"id": chat_id, "type": "private", "first_name": "Camille"}}}}


def deliver(webhook: str, update: dict, secret: str = SECRET) -> tuple[int, str]:
    """Telegram posting an update to the bot's webhook."""
    return post_json(webhook, update, {"X-Telegram-Bot-Api-Secret-Token": secret})


def keyboard(call) -> list[dict]:
    """The inline keyboard's buttons of a sendMessage call, one a row."""
    rows = json.loads(call.params["reply_markup"])["inline_keyboard"]
    return [button for row in rows for button in row]
