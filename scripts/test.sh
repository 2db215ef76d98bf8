#!/usr/bin/env bash
# Runs every test project against a real local PostgreSQL (each test class on a throw-away database, so a
# developer's running DataPort is not disturbed) and ends with one line: `N passed, N failed`.
# Exits non-zero if any test failed, a project did not run, or no test ran at all.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$repo/.test-results"

step() { printf '\n==> %s\n' "$*" >&2; }

step "PostgreSQL"
DATAPORT_TEST_CONNECTION=$(scripts/postgres.sh) || { echo "0 passed, 1 failed"; exit 1; }
export DATAPORT_TEST_CONNECTION

if [ -f tests/interop/package.json ]; then
  step "npm packages for interop tests (DuckDB, hyparquet)"
  if ! command -v node >/dev/null; then
    [ "$(id -u)" = 0 ] && { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
  fi
  # `npm install` rather than `npm ci`: versions are pinned exactly in package.json, and `npm ci` rejects
  # lock files written without other platforms' optional DuckDB bindings (as some npm settings write them).
  (cd tests/interop && npm install --no-audit --no-fund --loglevel=error) || { echo "0 passed, 1 failed"; exit 1; }
fi

step "Chromium and a CJK font for the browser tests (Debian packages), axe-core from npm"
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
  else
    echo "The browser tests need Debian's Chromium and a CJK font: sudo apt-get install chromium fonts-wqy-zenhei" >&2
  fi
fi
(cd tests/browser && npm install --no-audit --no-fund --loglevel=error) || { echo "0 passed, 1 failed"; exit 1; }

step "The TypeScript quickstart (the journey tests run it against the server)"
(cd samples/typescript-quickstart && npm install --no-audit --no-fund --loglevel=error && npm run --silent build) \
  || { echo "The TypeScript quickstart did not build."; echo "0 passed, 1 failed"; exit 1; }

step "Building"
if ! dotnet build DataPort.sln -v quiet -nologo -clp:ErrorsOnly\;NoSummary; then
  echo "The build failed; no test ran."
  echo "0 passed, 1 failed"
  exit 1
fi

rm -rf "$results"
mkdir -p "$results"
passed=0 failed=0 missing=()
# run_project PROJECT NAME: runs one test project and adds its counts (extra environment comes from the caller).
run_project() {
  local project=$1 name=$2
  step "Testing $name"
  # A hung test is killed after 10 minutes and reported, instead of eating the CI budget.
  dotnet test "$project" --no-build -nologo -v quiet \
    --blame-hang-timeout 10m \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results"
  local trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then missing+=("$name"); return; fi
  local counters
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  attr() { local v; v=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"); echo "${v:-0}"; }
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
}

for project in tests/*/*.csproj; do
  grep -q 'Microsoft.NET.Test.Sdk' "$project" || continue
  run_project "$project" "$(basename "$project" .csproj)"
done
# The journeys once more on a cluster of two server processes (docs/scaling.md): the same user journeys must hold
# when grains live in another process.
DATAPORT_JOURNEY_SILOS=2 run_project tests/DataPort.Journeys.Tests/DataPort.Journeys.Tests.csproj DataPort.Journeys.Tests.TwoSilos

for name in "${missing[@]}"; do
  echo "$name produced no results (crashed or could not start): counted as one failure."
  failed=$((failed + 1))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
