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
# The dataport command reads the same environment as the server.
export DOTNET_ENVIRONMENT=$ASPNETCORE_ENVIRONMENT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { printf '\n==> %s\n' "$*" >&2; }

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found on PATH)." >&2; exit 1; }

step "PostgreSQL"
ConnectionStrings__DataPort=$(scripts/postgres.sh)
export ConnectionStrings__DataPort

# Local keys, made once and kept under .data/ (git-ignored), so that certificates and vouchers signed today
# still verify after a restart. Production sets these from its own secret store instead.
settings=.data/local-settings.env
if [ ! -f "$settings" ]; then
  mkdir -p .data
  random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
  # An SM2 private key must be below the curve order, which starts 0xFFFFFFFE: a leading 7 keeps it there.
  (umask 077; printf 'Grains__CertificateSigningKey=7%s\nJobs__Pipeline__PseudonymKey=%s\n' \
    "$(random_hex 32 | cut -c2-)" "$(head -c 32 /dev/urandom | base64 -w0)" >"$settings")
fi
set -a; . "$settings"; set +a

step "Building"
dotnet build src/DataPort.Server -c Release -v quiet -nologo -clp:ErrorsOnly\;NoSummary
dotnet build src/DataPort.Cli -c Release -v quiet -nologo -clp:ErrorsOnly\;NoSummary
dataport() { dotnet "src/DataPort.Cli/bin/Release/net10.0/dataport.dll" "$@"; }

step "Migrating the database"
dataport db migrate

step "Importing the catalog and publishing a first masked version of each dataset"
dataport catalog import catalogs/
dataport catalog publish catalogs/

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
