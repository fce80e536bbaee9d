"""Which messaging channels are on: writes Rasa's credentials file from credentials.yml plus
each channel whose environment variables are set, so a channel is switched on with no change
to code or configuration.

    python -m bot.channels.enabled var/credentials.yml    # the Procfile's rasa line does it

The file holds `${VARIABLE}` references, not the secrets: Rasa reads the values from its own
environment. A channel with only some of its variables set is an error that names the others.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

# channel class -> {credential key: variable}; the first variable switches the channel on.
CHANNELS: dict[str, dict[str, str]] = {
    "bot.channels.telegram.TelegramChannel": {
        "access_token": "TELEGRAM_TOKEN", "verify": "TELEGRAM_BOT_NAME",
        "webhook_url": "TELEGRAM_WEBHOOK_URL", "secret_token": "TELEGRAM_SECRET_TOKEN"},
    "bot.channels.messenger.MessengerChannel": {
        "page-access-token": "MESSENGER_PAGE_ACCESS_TOKEN", "verify": "MESSENGER_VERIFY_TOKEN",
        "secret": "MESSENGER_APP_SECRET"},
    "bot.channels.slack.SlackChannel": {
        "slack_token": "SLACK_BOT_TOKEN", "slack_signing_secret": "SLACK_SIGNING_SECRET"},
    "bot.channels.twilio.TwilioChannel": {
        "account_sid": "TWILIO_ACCOUNT_SID", "auth_token": "TWILIO_AUTH_TOKEN",
        "twilio_number": "TWILIO_NUMBER", "webhook_url": "TWILIO_WEBHOOK_URL"},
}


class MissingVariables(ValueError):
    pass


def enabled_channels(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """The credentials of each channel switched on in `environ`, as ${VARIABLE} references."""
    enabled = {}
    for channel, variables in CHANNELS.items():
        present = [name for name in variables.values() if environ.get(name)]
        if not present:
            continue
        missing = [name for name in variables.values() if not environ.get(name)]
        if missing:
            raise MissingVariables(f"{channel.rsplit('.', 1)[1]} is half configured: set {', '.join(missing)} "
                                   f"too, or unset {', '.join(present)}")
        enabled[channel] = {key: f"${{{name}}}" for key, name in variables.items()}
    return enabled


def write_credentials(target: Path, environ: Mapping[str, str], base: Path = ROOT / "credentials.yml") -> list[str]:
    """Writes `base` plus the enabled channels to `target`; returns the enabled channels."""
    channels = enabled_channels(environ)
    text = base.read_text(encoding="utf-8").rstrip() + "\n"
    if channels:
        text += "\n# Messaging channels switched on by environment variables (bot/channels/enabled.py)\n"
        text += yaml.safe_dump(channels, sort_keys=False, allow_unicode=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return list(channels)


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "var/credentials.yml")
    try:
        channels = write_credentials(target, os.environ)
    except MissingVariables as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    names = ", ".join(c.rsplit(".", 1)[1].removesuffix("Channel") for c in channels) or "none"
    print(f"messaging channels on: {names} ({target})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
