#!/usr/bin/env bash
# Regenerates the SDKs: writes sdk/openapi.json from the server's endpoints (build-time document generation,
# which starts the host briefly, so it is pointed at the local PostgreSQL), then runs the NSwag CLI (npm package `nswag`) for the C# and TypeScript clients,
# and type-checks both.
#
#   sdk/generate.sh           regenerate in place
#   sdk/generate.sh --check   fail if the committed SDK differs from what the current API generates
set -euo pipefail

sdk=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$sdk")
cd "$sdk"
[ -d node_modules/nswag ] || npm install --no-audit --no-fund --loglevel=error

if [ "${1:-}" = --check ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r openapi.json csharp/DataPortClient.g.cs typescript/dataport-client.ts "$work/" 2>/dev/null || true
fi

ConnectionStrings__DataPort=$("$repo/scripts/postgres.sh")
# Development: the production-only settings (signing keys, issuer) are not needed to describe the API.
export ConnectionStrings__DataPort Jobs__Enabled=false ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
dotnet build "$repo/src/DataPort.Server" -v quiet -nologo -clp:ErrorsOnly\;NoSummary -p:OpenApiGenerateDocuments=true
npx --no-install nswag run csharp.nswag /runtime:Net100 >/dev/null
npx --no-install nswag run typescript.nswag /runtime:Net100 >/dev/null
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
