#!/usr/bin/env bash
# The whole test suite: unit tests, a production build, then browser tests in Debian's Chromium.
# `npm install && npm test` on a fresh Debian machine with Node 20 does all the set-up.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh

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

echo "== browser tests"
npx playwright test
