#!/usr/bin/env bash
# `npm run test:long`: what CI runs beyond `npm test`, in three parts. The CPU-bound half of test/long/
# (vitest.long-batch.config.ts: the library under seed 1, every mutant, a month of push, backtest --mutants) runs under
# `nice -n 19` from the start, its output kept in a file and printed when it ends. In the foreground, at normal
# priority: first the end-to-end files `npm test` leaves to CI (vitest.ci-e2e.config.ts, two at a time), then the
# real-time half (vitest.long.config.ts: drills, demos in a browser, one at a time), so the scheduler gives them the
# CPU whenever they want it and real-time clocks stay on time. Arguments go to every vitest run (a file filter that
# matches one part only leaves the others with none, which passes); LONG_JSON (a path prefix) makes each write its
# JSON report to PREFIX-e2e.json, PREFIX-live.json and PREFIX-batch.json. Exit status: non-zero when any part fails.
set -uo pipefail
cd "$(dirname "$0")/.."
json_e2e=() json_live=() json_batch=()
if [ -n "${LONG_JSON:-}" ]; then
  json_e2e=(--reporter=json "--outputFile.json=${LONG_JSON}-e2e.json")
  json_live=(--reporter=json "--outputFile.json=${LONG_JSON}-live.json")
  json_batch=(--reporter=json "--outputFile.json=${LONG_JSON}-batch.json")
fi
batch_log="$(mktemp "${TMPDIR:-/tmp}/lunar-sim-test-long-batch.XXXXXX")"
trap 'rm -f "$batch_log"; kill 0 2>/dev/null' EXIT
nice -n 19 npx vitest run --config vitest.long-batch.config.ts --passWithNoTests "$@" "${json_batch[@]}" >"$batch_log" 2>&1 &
batch=$!
# The end-to-end files npm test leaves to CI (vitest.config.ts: CI_E2E_FILES), two at a time, then the real-time half.
npx vitest run --config vitest.ci-e2e.config.ts --passWithNoTests "$@" "${json_e2e[@]}"
e2e=$?
npx vitest run --config vitest.long.config.ts --passWithNoTests "$@" "${json_live[@]}"
live=$?
wait "$batch"
batched=$?
echo "--- the CPU-bound half (vitest.long-batch.config.ts), run beside it under nice -n 19:"
cat "$batch_log"
trap - EXIT
rm -f "$batch_log"
[ "$e2e" -eq 0 ] && [ "$live" -eq 0 ] && [ "$batched" -eq 0 ]
