#!/usr/bin/env bash
# Set up what is missing: Python 3.10 virtual environment with the pinned dependencies,
# and a .env holding a random RASA_AUTH_TOKEN. Safe to run again: it does only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP=$VENV/.installed

find_python310() {
  local candidate
  for candidate in python3.10 "$(command -v pyenv >/dev/null 2>&1 && echo "$(pyenv root)/versions/3.10"*/bin/python)" \
                   "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python /root/.pyenv/versions/3.10*/bin/python; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! PYTHON=$(find_python310); then
    echo "error: Python 3.10 is required (Rasa 3.6 refuses 3.11+) and was not found." >&2
    echo "       Looked for python3.10 on PATH, then in pyenv (\$PYENV_ROOT/versions/3.10.*)." >&2
    echo "       Install it (e.g. 'pyenv install 3.10.13') and run this again." >&2
    exit 1
  fi
  echo "setup: creating $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi

wanted=$(cat requirements.txt requirements-dev.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$wanted" ]; then
  echo "setup: installing pinned dependencies (about 2 minutes on a fresh machine)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.3.1"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r requirements.txt -r requirements-dev.txt -c constraints.txt
  echo "$wanted" > "$STAMP"
fi

# The chat widget's parts from npm (socket.io-client; axe-core for the accessibility tests),
# installed exactly as package-lock.json says, served locally: no CDN at run time.
widget_wanted=$(sha256sum widget/package-lock.json | cut -d' ' -f1)
if [ ! -f widget/node_modules/.installed ] || [ "$(cat widget/node_modules/.installed)" != "$widget_wanted" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: Node.js and npm are required to install the chat widget's parts (widget/package.json)." >&2
    exit 1
  fi
  echo "setup: installing the widget's npm packages"
  (cd widget && npm ci --no-audit --no-fund --loglevel=error)
  echo "$widget_wanted" > widget/node_modules/.installed
fi

# Browser tests only (`scripts/setup.sh --browser`, run by `make test`): Debian's Chromium.
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser tests"
    apt-get install -y -q chromium chromium-driver >/dev/null || { apt-get update -q && apt-get install -y -q chromium chromium-driver >/dev/null; }
  else
    echo "error: the browser tests need Chromium at /usr/bin/chromium: apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi

# The cluster only (`scripts/setup.sh --cluster`, run by `make run-cluster` and `make test`): Debian's
# HAProxy, and redis-server for the cluster tests' private Redis (the cluster itself uses the running one).
if [ "${1:-}" = "--cluster" ]; then
  for tool in haproxy:haproxy redis-server:redis-server; do
    command -v "${tool%%:*}" >/dev/null 2>&1 && continue
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "setup: installing Debian's ${tool##*:} for the cluster"
      apt-get install -y -q "${tool##*:}" >/dev/null || { apt-get update -q && apt-get install -y -q "${tool##*:}" >/dev/null; }
    else
      echo "error: the cluster needs ${tool%%:*}: apt-get install ${tool##*:}" >&2
      exit 1
    fi
  done
fi

if ! grep -q '^RASA_AUTH_TOKEN=.' .env 2>/dev/null; then
  token=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')
  echo "RASA_AUTH_TOKEN=$token" >> .env
  chmod 600 .env
  echo "setup: wrote a random RASA_AUTH_TOKEN into .env"
fi
if ! grep -q '^ACTION_SERVER_TOKEN=.' .env 2>/dev/null; then
  token=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')
  echo "ACTION_SERVER_TOKEN=$token" >> .env
  chmod 600 .env
  echo "setup: wrote a random ACTION_SERVER_TOKEN into .env"
fi
if ! grep -q '^SENDER_ID_KEY=.' .env 2>/dev/null; then
  token=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')
  echo "SENDER_ID_KEY=$token" >> .env
  chmod 600 .env
  echo "setup: wrote a random SENDER_ID_KEY into .env (messaging platforms' visitors get opaque ids)"
fi
# the ports every process reads (Procfile, endpoints.yml, make run's addresses): change them here
grep -q '^RASA_PORT=' .env || echo "RASA_PORT=5005" >> .env
grep -q '^ACTION_PORT=' .env || echo "ACTION_PORT=5055" >> .env
grep -q '^RASA_TELEMETRY_ENABLED=' .env || echo "RASA_TELEMETRY_ENABLED=false" >> .env
