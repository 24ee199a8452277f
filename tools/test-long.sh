#!/usr/bin/env bash
# `npm run test:long`: test/long/ in two halves that overlap. The CPU-bound half (vitest.long-batch.config.ts: the
# library under seed 1, every mutant, a month of push, backtest --mutants) runs under `nice -n 19`, its output kept
# in a file and printed when it ends; the real-time half (vitest.long.config.ts: drills, demos in a browser) runs in
# the foreground at normal priority, so the scheduler gives it the CPU whenever it wants it and its clocks stay on
# time. Arguments go to both vitest runs (a file filter that matches one half only leaves the other with none, which
# passes); LONG_JSON (a path prefix) makes each write its JSON report to PREFIX-live.json and PREFIX-batch.json.
# Exit status: non-zero when either half fails.
set -uo pipefail
cd "$(dirname "$0")/.."
json_live=() json_batch=()
if [ -n "${LONG_JSON:-}" ]; then
  json_live=(--reporter=json "--outputFile.json=${LONG_JSON}-live.json")
  json_batch=(--reporter=json "--outputFile.json=${LONG_JSON}-batch.json")
fi
batch_log="$(mktemp "${TMPDIR:-/tmp}/lunar-sim-test-long-batch.XXXXXX")"
trap 'rm -f "$batch_log"; kill 0 2>/dev/null' EXIT
nice -n 19 npx vitest run --config vitest.long-batch.config.ts --passWithNoTests "$@" "${json_batch[@]}" >"$batch_log" 2>&1 &
batch=$!
npx vitest run --config vitest.long.config.ts --passWithNoTests "$@" "${json_live[@]}"
live=$?
wait "$batch"
batched=$?
echo "--- the CPU-bound half (vitest.long-batch.config.ts), run beside it under nice -n 19:"
cat "$batch_log"
trap - EXIT
rm -f "$batch_log"
[ "$live" -eq 0 ] && [ "$batched" -eq 0 ]
