#!/usr/bin/env bash
# npm start: everything a fresh clone needs, then the server. Safe to run again and again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The server refuses production without APP_URL (links in mail must not come from a request's
# Host header); a local start has one obvious answer. Set before migrate/seed, which read it too.
export APP_URL="${APP_URL:-http://localhost:${PORT:-3000}}"
prepare_project
log "migrating and seeding"
npx --no-install tsx server/platform/db/migrate.ts
npx --no-install tsx prisma/seed.ts
npx --no-install tsx scripts/admin-create.ts --hint
log "building the app"
npm run -s build >"$DATA_DIR/logs/build.log" 2>&1 || { cat "$DATA_DIR/logs/build.log"; die "the build failed"; }
export NODE_ENV="${NODE_ENV:-production}"
# Production has no payment gateway unless one is chosen: PAYMENT_GATEWAY=sandbox npm start to try
# payments with test money, MIDTRANS_SERVER_KEY for real ones (see README, "Payments").
# The seed ran above; the server only checks migrations on its own start.
export SEED_ON_START=false
# The dev mailbox (/dev/mailbox) lists every mail, reset links included, to whoever opens it, and
# this server listens on every interface: it is on only when asked for, never by default.
if [[ -z "${SMTP_URL:-}" && "${DEV_MAILBOX:-false}" != "true" ]]; then
  log "no SMTP_URL: mail is written to the log (DEV_MAILBOX=true npm start lists it at /dev/mailbox)"
fi
log "starting on $APP_URL (APP_URL), ${WEB_CONCURRENCY:-one} process(es) (WEB_CONCURRENCY; unset: one per core)"
# The server built ahead of time by `npm run build` (scripts/build-server.ts): plain node, no TypeScript loader.
exec node --enable-source-maps build/server/main.js
