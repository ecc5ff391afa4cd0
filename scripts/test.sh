#!/usr/bin/env bash
# npm test: prepares everything (dependencies, services, browser) and runs every check:
# typecheck, lint, unit + integration tests (vitest), the REST API (schemathesis) and browser journeys (Playwright).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare_project
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM_PATH" ] || apt_install chromium

log "typecheck"
npx --no-install tsc --noEmit
log "lint"
npx --no-install eslint . --max-warnings=0
log "build"
npm run -s build >/dev/null
# The client package, for packages/client/client.test.ts (it packs and installs it elsewhere).
npm run -s build:client >/dev/null

export NODE_ENV=test
log "unit and integration tests (vitest)"
npx --no-install vitest run
log "REST API against its OpenAPI document (schemathesis)"
bash "$PROJECT_ROOT/scripts/schemathesis.sh"

# The browser journeys run against a server of their own, on fresh databases.
run_id="e2e_$(date +%s)_$$"
export E2E_DATABASE_URL
E2E_DATABASE_URL="$(node -e 'const u=new URL(process.argv[1]); u.pathname="/alephdraad_"+process.argv[2]; console.log(u.href)' "$DATABASE_URL" "$run_id")"
export E2E_MONGODB_URL
E2E_MONGODB_URL="$(node -e 'const u=new URL(process.argv[1]); u.pathname="/alephdraad_"+process.argv[2]; console.log(u.href)' "$MONGODB_URL" "$run_id")"
# A free port, so that two test runs on one machine never collide.
export E2E_PORT
E2E_PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
npx --no-install tsx scripts/e2e-databases.ts create "$E2E_DATABASE_URL"
cleanup() { npx --no-install tsx scripts/e2e-databases.ts drop "$E2E_DATABASE_URL" "$E2E_MONGODB_URL" || true; }
trap cleanup EXIT
log "browser journeys (Playwright, $CHROMIUM_PATH)"
npx --no-install playwright test "$@"
