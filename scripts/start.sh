#!/usr/bin/env bash
# npm start: everything a fresh clone needs, then the server. Safe to run again and again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_ROOT"
load_env

bash scripts/install.sh
bash scripts/services.sh start
log "migrating and seeding"
npx --no-install tsx server/platform/db/migrate.ts
npx --no-install tsx prisma/seed.ts
log "building the app"
npx --no-install remix build >/dev/null
export NODE_ENV="${NODE_ENV:-production}"
# The seed ran above; the server only checks migrations on its own start.
export SEED_ON_START=false
log "starting on http://localhost:${PORT:-3000}"
exec node --import tsx server/main.ts
