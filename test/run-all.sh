#!/usr/bin/env bash
# test/run-all.sh [VITEST ARGS...]
# The whole suite against a real but throwaway OS keychain (test/helpers/with-keyring.sh):
#   1. vitest.config.ts      domain, store, cli and ui tests (in parallel)
#   2. vitest.e2e.config.ts  the built program in tmux (one file at a time)
# Both always run; the exit status is non-zero if either failed or if no test ran at all.
# Extra arguments (a file filter, -t NAME, …) go to both. The last line is a plain total:
# "tests: N passed, N failed, N skipped".
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [[ ${COFFER_TEST_KEYRING-} != 1 ]]; then
  exec bash test/helpers/with-keyring.sh bash "$root/test/run-all.sh" "$@"
fi

results=$(mktemp -d "${TMPDIR:-/tmp}/coffer-results.XXXXXX")
trap 'rm -rf "$results"' EXIT
vitest="$root/node_modules/.bin/vitest"
[[ -x $vitest ]] || { echo "run-all: $vitest not found; run npm ci" >&2; exit 127; }

status=0
run_suite() { # NAME CONFIG ARGS...
  local name=$1 config=$2; shift 2
  echo "── ${name} tests (${config}) ──"
  "$vitest" run --config "$config" --passWithNoTests \
    --reporter=default --reporter=json --outputFile.json="$results/$name.json" "$@"
  local rc=$?
  if ((rc != 0)); then
    echo "run-all: ${name} tests failed (vitest exit ${rc})"
    status=1
  fi
}

run_suite unit vitest.config.ts "$@"
run_suite e2e vitest.e2e.config.ts "$@"

# Totals from vitest's JSON reports; a suite that crashed before writing one counts as failed.
node - "$results" <<'JS' || status=1
const { readFileSync } = require('node:fs');
const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0, missing = [];
const failures = [];
const oneLine = (text, max) => {
  const line = String(text ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim()) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};
for (const suite of ['unit', 'e2e']) {
  try {
    const r = JSON.parse(readFileSync(`${dir}/${suite}.json`, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    for (const file of r.testResults ?? []) {
      const name = file.name.replace(`${process.cwd()}/`, '');
      for (const test of file.assertionResults ?? []) {
        if (test.status === 'failed') failures.push(`  ${name} › ${oneLine(test.fullName, 110)}\n      ${oneLine(test.failureMessages?.[0], 160)}`);
      }
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
        failures.push(`  ${name} (the file failed outside a test)\n      ${oneLine(file.message, 160)}`);
      }
    }
    if (!r.success && r.numFailedTests === 0) missing.push(`${suite} (failed outside a test)`);
  } catch {
    missing.push(`${suite} (no report)`);
  }
}
// Every failure in a few lines, next to the total, so that the end of a long log names them all.
if (failures.length) console.log(`run-all: failed:\n${failures.join('\n')}`);
if (missing.length) console.log(`run-all: suites that did not finish cleanly: ${missing.join(', ')}`);
if (passed + failed === 0) console.log('run-all: no test ran');
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed || missing.length || passed + failed === 0 ? 1 : 0);
JS
exit "$status"
