#!/usr/bin/env bash
# npm run dev: rebuilds the app on change and restarts the server when the build changes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare_project
export NODE_ENV=development
# Mail without SMTP is readable at /dev/mailbox during development (it is never on by itself).
if [[ -z "${SMTP_URL:-}" ]]; then export DEV_MAILBOX="${DEV_MAILBOX:-true}"; fi
# The service worker is built from this first build only: `remix watch` rebuilds the app, not the worker.
npm run -s build >/dev/null
npx --no-install remix watch &
trap 'kill $! 2>/dev/null' EXIT
# One process: a restart on change is quicker, and the dev mailbox lists one process's mail anyway.
WEB_CONCURRENCY=1 npx --no-install tsx watch --clear-screen=false --include build/index.js server/main.ts
