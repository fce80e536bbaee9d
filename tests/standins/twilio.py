"""Twilio's REST API (POST /2010-04-01/Accounts/{sid}/Messages.json) and its incoming-message
webhooks, signed in X-Twilio-Signature over the public webhook URL as Twilio sends them."""
from __future__ import annotations

import base64
import itertools
import urllib.parse

from aiohttp import web
from twilio.request_validator import RequestValidator

from tests.standins.server import StandIn, post

ACCOUNT_SID = "AC00000000000000000000000000standin"
AUTH_TOKEN = "standin-twilio-auth-token"
NUMBER = "whatsapp:+14155238886"
PUBLIC_WEBHOOK = "https://cep.example.org/webhooks/twilio/webhook"
_ids = itertools.count(1)


class TwilioAPI(StandIn):
    def routes(self) -> list[web.RouteDef]:
        return [web.post("/2010-04-01/Accounts/{sid}/Messages.json", self.answer)]

    async def answer(self, request: web.Request) -> web.Response:
        expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        if request.match_info["sid"] != ACCOUNT_SID or request.headers.get("Authorization") != expected:
            return web.json_response({"code": 20003, "message": "Authenticate", "status": 401}, status=401)
        params = dict(await request.post())
        self.record("Messages", params, request)
        sid = f"SM{next(_ids):032d}"
        return web.json_response({"sid": sid, "account_sid": ACCOUNT_SID, "to": params.get("To"),
                                  "from": params.get("From"), "body": params.get("Body"), "status": "queued",
                                  "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
                                  "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json"}, status=201)


def incoming_params(sender: str, text: str, photo: bool = False) -> dict[str, str]:
    """The form Twilio posts for an incoming message, empty fields included: Twilio signs every
    parameter, blank ones too (a French number has no state, city or zip; a photo has no Body)."""
    sid = f"SM{next(_ids):032d}"
    params = {"ToCountry": "US", "ToState": "CA", "SmsMessageSid": sid, "NumMedia": "0", "ToCity": "",
              "FromZip": "", "SmsSid": sid, "FromState": "", "SmsStatus": "received", "FromCity": "",
              "Body": text, "FromCountry": "FR", "To": NUMBER, "ToZip": "", "NumSegments": "1",
              "MessageSid": sid, "AccountSid": ACCOUNT_SID, "From": sender, "ApiVersion": "2010-04-01"}
    if sender.startswith("whatsapp:"):
        params.update({"ProfileName": "Camille", "WaId": sender.removeprefix("whatsapp:+"),
                       "MessageType": "image" if photo else "text", "ReferralNumMedia": "0"})
    if photo:
        params.update({"NumMedia": "1", "MediaContentType0": "image/jpeg", "Body": "",
                       "MediaUrl0": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}/Media/ME1"})
    return params


def deliver(webhook: str, sender: str, text: str, token: str = AUTH_TOKEN, photo: bool = False) -> tuple[int, str]:
    """Twilio posting an incoming SMS or WhatsApp message ("whatsapp:+33…") to the webhook,
    signed over the public URL and every parameter with Twilio's own RequestValidator."""
    params = incoming_params(sender, text, photo)
    signature = RequestValidator(token).compute_signature(PUBLIC_WEBHOOK, params)
    return post(webhook, urllib.parse.urlencode(params).encode(),
                {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
