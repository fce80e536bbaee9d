# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/intake.tar.gz
WIDGET := widget/dist/cep-chat.js
# Training reads only the data, the configuration, the NLU component (bot/nlu, cep/understanding) and
# the labelled sets the learned reader is trained on (config.yml): editing an action does not retrain.
TRAIN_INPUTS := config.yml domain.yml $(shell find data bot/nlu cep/understanding -name '*.yml' -o -name '*.py' 2>/dev/null) cep/vocabulary.py cep/knowledge.py \
	$(shell sed -n 's/^ *- \(tests\/heldout\/.*\.yml\)$$/\1/p' config.yml)

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup browser-setup cluster-setup train run run-cluster shell test lint validate unit widget-tests integration cluster channels browser stories conversations eval reader-report bench load purge chat stale-facts clean
.PHONY: security review-tests counsellor disable-counsellor erase audit review-data review-bench

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

setup:  ## find Python 3.10, install pinned dependencies, write .env (only what is missing)
	@scripts/setup.sh

browser-setup: setup
	@scripts/setup.sh --browser

$(WIDGET): widget/src/cep-chat.js widget/src/helpers.mjs widget/src/cep-chat.css widget/build.mjs widget/package-lock.json | setup
	@cd widget && node build.mjs

$(MODEL): $(TRAIN_INPUTS) | setup
	$(RASA) train --fixed-model-name intake --out models
	@touch $(MODEL)

train: $(MODEL)  ## train the model if missing or stale

run: setup $(MODEL) $(WIDGET)  ## set up, train if needed, start the assistant, the widget and its demo site
	@mkdir -p -m 700 var
	@set -a; . ./.env; set +a; rasa=http://localhost:$${RASA_PORT:-5005}; \
	  echo "Demo site with the chat widget: http://localhost:$${DEMO_PORT:-8000}/  (widget: $$rasa/webhooks/widget/cep-chat.js)"; \
	  echo "Assistant: $$rasa/webhooks/rest/webhook (REST), socket.io on $$rasa"; \
	  echo "HTTP API:  $$rasa with ?token=RASA_AUTH_TOKEN from .env;  actions: http://127.0.0.1:$${ACTION_PORT:-5055} (shared secret)"; \
	  echo "Chat in a terminal from another shell: make chat"; \
	  echo "Counsellors' review app: http://localhost:$${REVIEW_PORT:-8080}/  (an account: make counsellor EMAIL=... ROLE=admin)"
	umask 077 && $(PY) -m scripts.processes

run-cluster: cluster-setup $(MODEL) $(WIDGET)  ## the same assistant as N replicas (REPLICAS=2) behind HAProxy, PostgreSQL and Redis
	@mkdir -p -m 700 var
	@set -a; . ./.env; set +a; echo "Cluster of $${REPLICAS:-2} replicas behind HAProxy: http://localhost:$${RASA_PORT:-5005} (as make run); HAProxy's page: http://127.0.0.1:$$(( $${CLUSTER_BASE_PORT:-5100} + 99 ))/"; \
	  umask 077 && $(PY) -m scripts.processes --replicas $${REPLICAS:-2}

cluster-setup: setup  ## what the cluster needs beyond make setup: Debian's HAProxy
	@scripts/setup.sh --cluster

shell: setup $(MODEL)  ## chat in a terminal (starts its own action server)
	@mkdir -p -m 700 var
	@scripts/shell.sh

chat: setup  ## chat in a terminal with the assistant that `make run` started
	@set -a; . ./.env; set +a; $(PY) -m scripts.chat

test: setup $(MODEL) $(WIDGET) lint validate unit widget-tests stories conversations integration cluster channels review-tests browser  ## every check and test

lint: setup
	$(VENV)/bin/ruff check cep bot actions tests scripts review

validate: setup
	$(RASA) data validate --fail-on-warnings

unit: setup
	$(VENV)/bin/pytest -q tests/unit

widget-tests:  ## the widget's pure helpers, with Node's test runner (no browser)
	cd widget && node --test test/

stories: setup $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/stories

conversations: setup $(MODEL)  ## the visitors' journeys and 2,000 generated conversations (FUZZ_CONVERSATIONS) on the real servers
	$(VENV)/bin/pytest -q -s tests/conversations

integration: setup $(MODEL) $(WIDGET)
	$(VENV)/bin/pytest -q tests/integration

cluster: setup cluster-setup $(MODEL)  ## the cluster (2 replicas) on its own ports: concurrent messages, socket.io, a replica killed, action servers, PostgreSQL and Redis down
	$(VENV)/bin/pytest -q tests/cluster

channels: setup $(MODEL)  ## Telegram, Messenger, Slack and Twilio end to end, against local stand-ins
	$(VENV)/bin/pytest -q tests/channels

security: setup $(MODEL)  ## the outside probes' attacks replayed against real servers (tests marked security; SECURITY.md)
	$(VENV)/bin/pytest -q -m security tests/unit tests/review_app tests/integration tests/channels

browser: browser-setup $(MODEL) $(WIDGET)  ## the widget in headless Chromium (screenshots of failures in results/browser)
	$(VENV)/bin/pytest -q tests/browser

eval: setup $(MODEL)  ## NLU quality on held-out sets (slots and intents)
	$(PY) -m scripts.evaluate

reader-report: setup  ## the profile reader offline: lexicon alone and with the learned reader, per slot (SWEEP=1: thresholds; SETS="…": these sets only; ERRORS=1: each message read wrong)
	$(PY) -m scripts.reader_report $(if $(SWEEP),--sweep) $(if $(SETS),--sets $(SETS)) $(if $(ERRORS),--errors)

bench: setup $(MODEL)  ## latency, training time and memory
	$(PY) -m scripts.benchmark

load: setup cluster-setup $(MODEL)  ## many visitors at once over REST and socket.io, one server then the cluster (VISITORS="10 50", SECONDS=60, REPLICAS=2): p50/p95/p99, messages/s, errors, memory
	$(PY) -m scripts.load --visitors $(or $(VISITORS),10 50) --seconds $(or $(SECONDS),60) --replicas $(or $(REPLICAS),2)

stale-facts: setup  ## list the facts verified more than 12 months ago
	$(PY) -m scripts.stale_facts

purge: setup  ## delete conversations older than RETENTION_DAYS now (with the review app's copies)
	@$(WITH_ENV) $(PY) -m bot.storage.retention

clean:  ## remove trained models and results
	rm -rf models/*.tar.gz results reports

# Counsellors' review app (review/; README, "Counsellors' review app"). The commands read
# CONVERSATIONS_DB_URL from the environment or .env, like the processes `make run` starts.
WITH_ENV := set -a; [ -f .env ] && . ./.env; set +a;
BENCH_DB_URL ?= postgresql://postgres@127.0.0.1:5432/cep_bench

review-tests: setup  ## the review app's tests, on SQLite and on a throwaway PostgreSQL database
	$(VENV)/bin/pytest -q tests/review_app

counsellor: setup  ## create a counsellor account: make counsellor EMAIL=... [ROLE=admin] (password prompted, or on stdin)
	@test -n "$(EMAIL)" || { echo "usage: make counsellor EMAIL=prenom.nom@example.org [ROLE=admin]" >&2; exit 2; }
	@$(WITH_ENV) $(PY) -m review.cli counsellor "$(EMAIL)" --role "$(or $(ROLE),counsellor)"

disable-counsellor: setup  ## disable an account and end its sessions: make disable-counsellor EMAIL=... (make counsellor enables it again)
	@test -n "$(EMAIL)" || { echo "usage: make disable-counsellor EMAIL=prenom.nom@example.org" >&2; exit 2; }
	@$(WITH_ENV) $(PY) -m review.cli disable "$(EMAIL)"

erase: setup  ## erase one conversation on request: make erase SENDER=... BY=who-asked
	@test -n "$(SENDER)" -a -n "$(BY)" || { echo "usage: make erase SENDER=<conversation id> BY=<who asked>" >&2; exit 2; }
	@$(WITH_ENV) $(PY) -m review.cli erase "$(SENDER)" --by "$(BY)"

audit: setup  ## print the review app's audit log (who viewed or exported what)
	@$(WITH_ENV) $(PY) -m review.cli audit --limit $(or $(LIMIT),100)

review-data: setup  ## generate 100,000 conversations in PostgreSQL (BENCH_DB_URL) for the benchmark
	$(PY) -m review.generator --conversations 100000 --db-url "$(BENCH_DB_URL)" --reset

review-bench: setup  ## p50/p95 page times of the review app on that data
	$(PY) -m review.benchmark --db-url "$(BENCH_DB_URL)"
