#!/usr/bin/env bash
# Regenerates the SDKs: writes sdk/openapi.json from the server's endpoints (build-time document generation,
# which starts the host briefly, so it is pointed at the local PostgreSQL), then runs NSwag (the .NET local tool
# NSwag.ConsoleCore, pinned in .config/dotnet-tools.json) for the C# and TypeScript clients, and type-checks both
# (TypeScript's compiler from npm).
#
#   sdk/generate.sh           regenerate in place
#   sdk/generate.sh --check   fail if the committed SDK differs from what the current API generates
set -euo pipefail

sdk=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$sdk")
cd "$sdk"
(cd "$repo" && dotnet tool restore >/dev/null)
[ -d node_modules/typescript ] || npm install --no-audit --no-fund --loglevel=error

if [ "${1:-}" = --check ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r openapi.json csharp/DataPortClient.g.cs typescript/dataport-client.ts "$work/" 2>/dev/null || true
fi

ConnectionStrings__DataPort=$("$repo/scripts/postgres.sh")
# Development: the production-only settings (signing keys, issuer) are not needed to describe the API.
export ConnectionStrings__DataPort Jobs__Enabled=false ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
dotnet build "$repo/src/DataPort.Server" -v quiet -nologo -clp:ErrorsOnly\;NoSummary -p:OpenApiGenerateDocuments=true
# NSwag exits 0 even when a run fails, so its closing "Done." is what says it worked.
nswag_run() {
  local out
  out=$(dotnet nswag run "$1" 2>&1)
  grep -q '^Done\.' <<<"$out" || { echo "$out" >&2; echo "NSwag failed on $1" >&2; exit 1; }
}
nswag_run csharp.nswag
# The API spells enum values in kebab-case ("per-query"). NSwag marks each C# enum member with [EnumMember], which
# System.Text.Json ignores; [JsonStringEnumMemberName] is what it reads, so it is added beside each one.
sed -i 's/^\( *\)\[System\.Runtime\.Serialization\.EnumMember(Value = @"\([^"]*\)")\]$/&\n\1[System.Text.Json.Serialization.JsonStringEnumMemberName(@"\2")]/' \
  csharp/DataPortClient.g.cs
nswag_run typescript.nswag
dotnet build csharp/DataPort.Client.csproj -v quiet -nologo -clp:ErrorsOnly\;NoSummary
npx --no-install tsc -p typescript/tsconfig.json --noEmit

if [ "${1:-}" = --check ]; then
  for f in openapi.json csharp/DataPortClient.g.cs typescript/dataport-client.ts; do
    if ! cmp -s "$work/$(basename "$f")" "$f"; then
      echo "sdk/$f is out of date: run sdk/generate.sh and commit the result." >&2
      exit 1
    fi
  done
  echo "SDK is up to date."
fi
