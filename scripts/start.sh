#!/usr/bin/env bash
# npm start: everything a fresh clone needs, then the server. Safe to run again and again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare_project
log "migrating and seeding"
npx --no-install tsx server/platform/db/migrate.ts
npx --no-install tsx prisma/seed.ts
log "building the app"
npx --no-install remix build >"$DATA_DIR/logs/build.log" 2>&1 || { cat "$DATA_DIR/logs/build.log"; die "the build failed"; }
export NODE_ENV="${NODE_ENV:-production}"
# Production has no payment gateway unless one is chosen: PAYMENT_GATEWAY=sandbox npm start to try
# payments with test money, MIDTRANS_SERVER_KEY for real ones (see README, "Payments").
# The seed ran above; the server only checks migrations on its own start.
export SEED_ON_START=false
log "starting on http://localhost:${PORT:-3000}"
exec node --import tsx server/main.ts
