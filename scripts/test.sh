#!/usr/bin/env bash
# The whole test suite: unit tests, a production build, then browser tests in Debian's Chromium.
# `npm install && npm test` on a fresh Debian machine with Node 20 does all the set-up (Chromium,
# PostgreSQL and Redis included).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh

echo "== services (PostgreSQL, Redis)"
# YIXIAN_TEST_DATABASE_URL / YIXIAN_TEST_REDIS_URL when set, else the local ones on their standard
# ports, else throwaway instances from Debian's packages (scripts/ensure-services.sh).
eval "$(bash scripts/ensure-services.sh)"
# Found or provided: a test that needs them fails rather than skipping from here on.
export YIXIAN_TEST_REQUIRE_SERVICES=1

echo "== type check"
npx svelte-kit sync
npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings
npx tsc --noEmit -p server/tsconfig.check.json

echo "== unit tests"
npx vitest run

echo "== build"
npx vite build --logLevel warn

echo "== board benchmark, smoke run (a tiny station: every figure comes out; timings not judged)"
npm run bench:smoke
echo "== every other benchmark, smoke runs (each still runs; figures not judged)"
bash scripts/bench-smoke.sh

echo "== browser tests"
npx playwright test
