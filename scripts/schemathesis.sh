#!/usr/bin/env bash
# Property-based testing of the REST API (scripts/schemathesis.ts) with schemathesis from PyPI,
# installed once into .cache/schemathesis-venv (reinstalled only when SCHEMATHESIS_VERSION changes).
# Needs the services running (npm test / npm run services start them). Extra arguments go to
# `schemathesis run`; SCHEMATHESIS_MAX_EXAMPLES and SCHEMATHESIS_MAX_TIME bound the run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env

SCHEMATHESIS_VERSION="4.32.5"
venv="$PROJECT_ROOT/.cache/schemathesis-venv"
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  command -v python3 >/dev/null || apt_install python3 python3-venv
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

cd "$PROJECT_ROOT"
NODE_ENV=test exec npx --no-install tsx scripts/schemathesis.ts "$venv/bin/schemathesis" "$@"
