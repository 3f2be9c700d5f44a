#!/usr/bin/env bash
# Every `npm run bench:*` script but bench:board (bench:smoke has its own run) at a tiny size: each
# still runs as the app changes (a bench that no longer runs is a defect; two did so unnoticed until
# 2026-12-07: bench:save waited for a write the page no longer made, bench:history read the relay's
# gate as it once answered). Figures are printed, not judged. Needs a build (for bench:save).
set -euo pipefail
cd "$(dirname "$0")/.."

run() {
	local name=$1
	shift
	echo "-- bench:$name"
	env "$@" npm run --silent "bench:$name" > "/tmp/yixian-bench-smoke-$name.log" 2>&1 || {
		tail -30 "/tmp/yixian-bench-smoke-$name.log"
		echo "bench:$name no longer runs (log above)" >&2
		exit 1
	}
	tail -3 "/tmp/yixian-bench-smoke-$name.log"
}

run shell
run save BENCH_SAVES=2
run history HISTORY_UPDATES=200 HISTORY_ENTRIES=20 HISTORY_ROUNDS=1
run stats BENCH_STATIONS=2 BENCH_ENTRIES=50 BENCH_RUNS=1
run district BENCH_STATIONS=2 BENCH_ENTRIES=50 BENCH_VISITS=10 BENCH_RUNS=1
run compaction BENCH_DOCS=4 BENCH_ROWS=40
run relay BENCH_CLIENTS=20 BENCH_ROOMS=5 BENCH_SECONDS=2 BENCH_WARMUP=1 BENCH_DRAIN=3
run cluster BENCH_CLIENTS=20 BENCH_ROOMS=5 BENCH_SECONDS=2 BENCH_WARMUP=1 BENCH_DRAIN=3
run layout BENCH_SECONDS=1 BENCH_WARMUP=1 BENCH_RUNS=1 BENCH_VARIANTS=rowid
echo "every other benchmark ran"
