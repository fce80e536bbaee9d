#!/usr/bin/env bash
# Chat with the assistant in this terminal: starts an action server, then `rasa shell`.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a; . ./.env; set +a
.venv/bin/python -m actions.server --port "${ACTION_PORT:-5055}" > var/actions-shell.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null' EXIT
.venv/bin/rasa shell --model models/intake.tar.gz --endpoints endpoints.yml --port "${SHELL_PORT:-5006}"
