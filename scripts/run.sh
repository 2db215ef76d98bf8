#!/usr/bin/env bash
# Runs DataPort locally: provisions PostgreSQL 15 (scripts/postgres.sh), builds, migrates the database,
# imports the catalog, and starts the server in the foreground (Ctrl+C stops it; PostgreSQL keeps running
# until `scripts/postgres.sh stop`).
#
# Settings (environment): DATAPORT_URLS (http://127.0.0.1:5080), ASPNETCORE_ENVIRONMENT (Development),
# plus those of scripts/postgres.sh.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
urls=${DATAPORT_URLS:-http://127.0.0.1:5080}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { printf '\n==> %s\n' "$*" >&2; }

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found on PATH)." >&2; exit 1; }

step "PostgreSQL"
ConnectionStrings__DataPort=$(scripts/postgres.sh)
export ConnectionStrings__DataPort

step "Building"
dotnet build src/DataPort.Server -c Release -v quiet -nologo -clp:ErrorsOnly\;NoSummary
dotnet build src/DataPort.Cli -c Release -v quiet -nologo -clp:ErrorsOnly\;NoSummary
dataport() { dotnet "src/DataPort.Cli/bin/Release/net10.0/dataport.dll" "$@"; }

step "Migrating the database"
dataport db migrate

# The catalog module may be absent from an older build; import only when the command exists.
if dataport --help | grep -q "^  catalog "; then
  step "Importing the catalog"
  dataport catalog import catalogs/
  dataport catalog publish catalogs/
fi

step "Starting DataPort"
cat >&2 <<MSG
  API:        $urls/api
  API docs:   $urls/docs
  OpenAPI:    $urls/openapi/v1.json
  Health:     $urls/health/ready
  Stop with Ctrl+C; stop PostgreSQL with scripts/postgres.sh stop.
MSG
cd src/DataPort.Server
exec dotnet bin/Release/net10.0/DataPort.Server.dll --urls "$urls"
