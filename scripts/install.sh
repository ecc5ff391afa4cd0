#!/usr/bin/env bash
# Installs npm dependencies when package-lock.json changed since the last install, and
# generates the Prisma client when the schema changed and the message functions when a
# message file did. Quiet and quick when nothing did.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_ROOT"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  # Not `npm ci`: it insists the lock file lists every platform's optional packages (rollup's,
  # esbuild's), which registries that mirror only this platform's builds never provide. The
  # committed lock already holds the entries `npm install` adds here, so it stays unchanged.
  npm install --no-audit --no-fund --loglevel=error
fi
if [ ! -f server/platform/db/generated/client.ts ] || [ prisma/schema.prisma -nt server/platform/db/generated/client.ts ]; then
  log "generating the Prisma client"
  bash scripts/prisma-generate.sh >/dev/null
fi
# The message functions (shared/paraglide/, not committed) are rebuilt when a message file changed.
if [ ! -f shared/paraglide/messages.js ] || [ -n "$(find messages project.inlang -newer shared/paraglide/messages.js -type f | head -1)" ]; then
  log "compiling the messages"
  npx --no-install tsx scripts/i18n-compile.ts
fi
