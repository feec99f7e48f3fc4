#!/usr/bin/env bash
# What the GitHub Action (action.yml) runs: install awscompat, run it against the caller's
# endpoint, write the Markdown (the comparison with a baseline run folder when one is given, else
# the run's summary) to $GITHUB_STEP_SUMMARY, set the step outputs, and fail on regressions.
# Runs anywhere: outside GitHub, the summary and outputs go to the files named by
# GITHUB_STEP_SUMMARY / GITHUB_OUTPUT when set (stdout otherwise). docs/ci.md.
#
# Inputs (environment, as action.yml passes them):
#   INPUT_ENDPOINT_URL  endpoint for every service (empty: AWS_ENDPOINT_URL[_<SERVICE>], boto3's config)
#   INPUT_SERVICES      services, separated by spaces or commas (empty: the default selection)
#   INPUT_SELECT        case-id globs, separated by spaces
#   INPUT_RATING        run the cases of this rating profile
#   INPUT_BASELINE      a run folder to compare with (e.g. one downloaded from an earlier artifact)
#   INPUT_OUT           the run folder to write [awscompat-run]
#   INPUT_FAIL_ON       regression (default) | failure (any fail/unsupported) | never
#   INPUT_ARGS          more `awscompat run` arguments, separated by spaces
#   AWSCOMPAT_BIN       an installed awscompat to use instead of installing one (tests)
# Exit: 0, or 1 (regression / failure as INPUT_FAIL_ON says), 2 (usage error).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${INPUT_OUT:-awscompat-run}"
FAIL_ON="${INPUT_FAIL_ON:-regression}"
SUMMARY="${GITHUB_STEP_SUMMARY:-/dev/stdout}"
OUTPUTS="${GITHUB_OUTPUT:-/dev/null}"
say() { echo "awscompat-action: $*" >&2; }

case "$FAIL_ON" in regression|failure|never) ;; *) say "fail-on must be regression, failure or never, not $FAIL_ON"; exit 2 ;; esac
if [ -e "$OUT/run.json" ]; then say "$OUT already holds a run; give another out"; exit 2; fi

if [ -n "${AWSCOMPAT_BIN:-}" ]; then
  AC="$AWSCOMPAT_BIN"
else
  bash "$ROOT/scripts/install.sh" || { say "install failed"; exit 2; }
  AC="$ROOT/.venv/bin/awscompat"
fi

args=(run --out "$OUT" -q)
[ -n "${INPUT_ENDPOINT_URL:-}" ] && args+=(--endpoint-url "$INPUT_ENDPOINT_URL")
for s in ${INPUT_SERVICES//,/ }; do args+=(-s "$s"); done
for g in ${INPUT_SELECT:-}; do args+=(-k "$g"); done
[ -n "${INPUT_RATING:-}" ] && args+=(--rating "$INPUT_RATING")
# shellcheck disable=SC2206 # word splitting is the point: extra arguments
[ -n "${INPUT_ARGS:-}" ] && args+=(${INPUT_ARGS})

"$AC" "${args[@]}"
run_code=$?
{
  echo "run-dir=$OUT"
  echo "run-exit-code=$run_code"
} >> "$OUTPUTS"
if [ "$run_code" = 2 ] || [ ! -f "$OUT/run.json" ]; then
  say "the run did not start (exit $run_code)"
  exit 2
fi
[ "$run_code" = 3 ] && echo "::warning title=awscompat::the run is incomplete (harness errors or interrupted): see the summary"

code=0
if [ -n "${INPUT_BASELINE:-}" ]; then
  "$AC" compare "$INPUT_BASELINE" "$OUT" --markdown "$OUT/compare.md"
  cmp_code=$?
  if [ "$cmp_code" = 2 ]; then say "cannot compare with $INPUT_BASELINE"; exit 2; fi
  echo "regressions=$([ "$cmp_code" = 1 ] && echo true || echo false)" >> "$OUTPUTS"
  # the run's own summary (with its banner when incomplete) under the comparison
  "$AC" report "$OUT" --markdown "$OUT/summary.md" || true
  cat "$OUT/compare.md" "$OUT/summary.md" >> "$SUMMARY"
  [ "$cmp_code" = 1 ] && [ "$FAIL_ON" != never ] && { say "regressions against $INPUT_BASELINE"; code=1; }
else
  echo "regressions=false" >> "$OUTPUTS"
  "$AC" report "$OUT" --markdown "$OUT/summary.md" && cat "$OUT/summary.md" >> "$SUMMARY"
fi
if [ "$FAIL_ON" = failure ] && [ "$run_code" = 1 ]; then say "cases failed (fail-on: failure)"; code=1; fi
exit "$code"
