# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/intake.tar.gz
# bot/channels/ is read by the server, not by training: editing a channel does not retrain
TRAIN_INPUTS := config.yml domain.yml $(shell find data bot -path bot/channels -prune -o \( -name '*.yml' -o -name '*.py' \) -print 2>/dev/null)

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup train run shell test lint validate unit integration channels stories eval bench purge chat stale-facts clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

setup:  ## find Python 3.10, install pinned dependencies, write .env (only what is missing)
	@scripts/setup.sh

$(MODEL): $(TRAIN_INPUTS) | setup
	$(RASA) train --fixed-model-name intake --out models
	@touch $(MODEL)

train: $(MODEL)  ## train the model if missing or stale

run: setup $(MODEL)  ## set up, train if needed, start the assistant (REST, socket.io, API)
	@mkdir -p -m 700 var
	@echo "Assistant: http://localhost:5005/webhooks/rest/webhook (REST), socket.io on http://localhost:5005"
	@echo "HTTP API:  http://localhost:5005 with ?token=RASA_AUTH_TOKEN from .env;  actions: http://localhost:5055"
	@echo "Chat in a terminal from another shell: make chat"
	umask 077 && $(VENV)/bin/honcho start

shell: setup $(MODEL)  ## chat in a terminal (starts its own action server)
	@mkdir -p -m 700 var
	@scripts/shell.sh

chat: setup  ## chat in a terminal with the assistant that `make run` started
	@$(PY) scripts/chat.py

test: setup $(MODEL) lint validate unit stories integration channels  ## every check and test

lint: setup
	$(VENV)/bin/ruff check bot actions tests scripts

validate: setup
	$(RASA) data validate --fail-on-warnings

unit: setup
	$(VENV)/bin/pytest -q tests/unit

stories: setup $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/stories

integration: setup $(MODEL)
	$(VENV)/bin/pytest -q tests/integration

channels: setup $(MODEL)  ## Telegram, Messenger, Slack and Twilio end to end, against local stand-ins
	$(VENV)/bin/pytest -q tests/channels

eval: setup $(MODEL)  ## NLU quality on held-out sets (slots and intents)
	$(PY) scripts/evaluate.py

bench: setup $(MODEL)  ## latency, training time and memory
	$(PY) scripts/benchmark.py

stale-facts: setup  ## list the facts verified more than 12 months ago
	$(PY) scripts/stale_facts.py

purge: setup  ## delete conversations older than RETENTION_DAYS now
	$(PY) -m bot.storage.retention

clean:  ## remove trained models and results
	rm -rf models/*.tar.gz results reports
