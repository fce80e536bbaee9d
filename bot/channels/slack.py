"""Slack: Rasa's channel (which checks the v0 signing-secret signature and its timestamp), with a
forged request refused before it is read, the input guard, and buttons as a Block Kit actions
block of buttons (Rasa's own drops the buttons beyond five).

    credentials: bot.channels.slack.SlackChannel
      slack_token (the bot token, xoxb-…), slack_signing_secret, optionally slack_channel

Give Slack the same URL for the Events API and for Interactivity: /webhooks/slack/webhook.
SLACK_API_URL changes the Web API address (tests).
"""
from __future__ import annotations

from typing import Any

from rasa.core.channels.slack import SlackBot, SlackInput
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.platform import PlatformChannel, api_url, split_text

MAX_BUTTONS = 25  # Slack's limit for one actions block
MAX_BUTTON_TEXT = 75
MAX_SECTION_TEXT = 3000


class SlackReplies(SlackBot):
    def __init__(self, token: str, slack_channel: str | None = None, thread_id: str | None = None,
                 proxy: str | None = None) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        base_url = api_url("SLACK_API_URL", "https://slack.com/api") + "/"
        self.client = AsyncWebClient(token, proxy=proxy, base_url=base_url, timeout=10)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # as Rasa's, without `as_user`: a legacy parameter, for classic Slack apps only
        for part in text.strip().split("\n\n"):
            await self._post_message(channel=self.slack_channel or recipient_id, text=part)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        actions = [{"type": "button", "text": {"type": "plain_text", "text": b["title"][:MAX_BUTTON_TEXT]},
                    "value": b["payload"], "action_id": f"button-{i}"}
                   for i, b in enumerate(buttons[:MAX_BUTTONS])]
        *before, last = split_text(text, MAX_SECTION_TEXT)
        for part in before:
            await self._post_message(channel=self.slack_channel or recipient_id, text=part)
        blocks = [{"type": "section", "text": {"type": "plain_text", "text": last}},
                  {"type": "actions", "elements": actions}]
        await self._post_message(channel=self.slack_channel or recipient_id, text=last, blocks=blocks)


class SlackChannel(PlatformChannel, SlackInput):
    def authentic(self, request: Request) -> bool:
        return self.is_request_from_slack_authentic(request)

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> SlackReplies:
        return SlackReplies(self.slack_token, channel or self.slack_channel, thread_id, self.proxy)
