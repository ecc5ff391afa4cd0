#!/usr/bin/env bash
# Generates the Prisma client. `prisma generate` never runs the native schema engine, but the
# CLI tries to download it unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
exec npx --no-install prisma generate "$@"
