#!/usr/bin/env bash
# Runs DataPort locally: provisions PostgreSQL 15 (scripts/postgres.sh), builds, migrates the database,
# imports the catalog (its departments become sign-in organisations), creates the first operator (and, in
# Development, one demo account per role), prints how to sign in, and starts the server in the foreground (Ctrl+C stops it; PostgreSQL keeps running
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

# The web catalog is tried in a browser, and Chinese needs a CJK font; both are Debian packages (apt, as root).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ]; then
  step "Chromium and a CJK font (Debian packages)"
  apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; } \
    || echo "Could not install Chromium; any browser will do: open the URLs below." >&2
fi

# Local keys, made once and kept under .data/ (git-ignored), so that certificates and vouchers signed today
# still verify after a restart. Production sets these from its own secret store instead.
settings=.data/local-settings.env
mkdir -p .data
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
random_password() { tr -dc 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789' </dev/urandom | head -c 20; }
if [ ! -f "$settings" ]; then
  # An SM2 private key must be below the curve order, which starts 0xFFFFFFFE: a leading 7 keeps it there.
  (umask 077; printf 'Grains__CertificateSigningKey=7%s\nJobs__Pipeline__PseudonymKey=%s\n' \
    "$(random_hex 32 | cut -c2-)" "$(head -c 32 /dev/urandom | base64 -w0)" >"$settings")
fi
# The first operator: created by the server at start-up with a password generated once (settings made before
# this step existed get it added).
if ! grep -q '^Identity__BootstrapOperator__Password=' "$settings"; then
  (umask 077; printf 'Identity__BootstrapOperator__Email=operator@dataport.local\nIdentity__BootstrapOperator__Password=%s\nIdentity__BootstrapOperator__Organisation=data-port-operator\n' \
    "$(random_password)" >>"$settings")
fi
# Keys every node of one cluster must share (docs/scaling.md), so a second server started with these settings joins
# as an equal: the sandbox logins' secret, and the key that unwraps the ledger's signing key (taken over from the
# key file the server made in its working directory before this step existed, so an existing ledger keeps signing).
if ! grep -q '^Sandbox__LoginSecret=' "$settings"; then
  (umask 077; printf 'Sandbox__LoginSecret=%s\n' "$(random_hex 32)" >>"$settings")
fi
if ! grep -q '^Ledger__KeyEncryptionKey=' "$settings"; then
  old_kek=src/DataPort.Server/.data/ledger-kek
  # .NET wrote that file with a byte-order mark, which .NET also skipped when reading it.
  kek=$( [ -f "$old_kek" ] && sed '1s/^\xEF\xBB\xBF//' "$old_kek" | tr -d '[:space:]' || head -c 32 /dev/urandom | base64 -w0 )
  (umask 077; printf 'Ledger__KeyEncryptionKey=%s\n' "$kek" >>"$settings")
fi
set -a; . "$settings"; set +a
# Tokens name this server as their issuer, and discovery names its endpoints from it (OpenIddict), so it is the
# address the server answers at: the first of DATAPORT_URLS unless set otherwise.
export Identity__Issuer=${Identity__Issuer:-${urls%%;*}}
# Uploads, drafts and releases live beside the database, never under src/.
export Uploads__DataDirectory=$repo/.data

step "Building"
dotnet build src/DataPort.Server -c Release -v quiet -nologo -clp:ErrorsOnly\;NoSummary
dotnet build src/DataPort.Cli -c Release -v quiet -nologo -clp:ErrorsOnly\;NoSummary
dataport() { dotnet "src/DataPort.Cli/bin/Release/net10.0/dataport.dll" "$@"; }

step "Migrating the database"
dataport db migrate

step "Importing the catalog and publishing a first masked version of each dataset"
# Publishing loads each masked version into the sandbox's own database beside the platform's (NAME_sandbox on the
# same server, created and locked down by the first command that needs it; ConnectionStrings__Sandbox names another).
dataport catalog import catalogs/
dataport catalog publish catalogs/

# In Development, one person per role to try each journey with (passwords generated once, kept in .data/).
demo_users=.data/demo-users.txt
if [ "$ASPNETCORE_ENVIRONMENT" = Development ]; then
  step "Demo accounts (Development only)"
  add_demo() { # org role email org-name
    if ! grep -q "^$3 " "$demo_users" 2>/dev/null; then
      line=$(dataport users add --org "$1" --role "$2" --email "$3" --org-name "$4" --if-missing)
      case $line in
        *'"password"'*) (umask 077; printf '%s %s\n' "$3" "$(printf '%s' "$line" | sed 's/.*"password":"\([^"]*\)".*/\1/')" >>"$demo_users") ;;
      esac
    fi
  }
  add_demo xm-transport merchant merchant@dataport.local 市交通局
  add_demo demo-developer developer developer@dataport.local "Demo developer"
  add_demo xm-regulator regulator regulator@dataport.local "市数据安全监管(演示)"
fi

step "Starting DataPort"
cat >&2 <<MSG
  Catalog:    $urls/   (中文; English by the switch at the top right)
  Sign in:    $urls/account/signin
  API docs:   $urls/docs   (uses your sign-in; apps use their client id and secret)
  OpenAPI:    $urls/openapi/v1.json
  Health:     $urls/health/ready

  Operator:   $Identity__BootstrapOperator__Email  password $Identity__BootstrapOperator__Password
              (kept in $settings; add people with: dotnet src/DataPort.Cli/bin/Release/net10.0/dataport.dll users add --help)
MSG
if [ -f "$demo_users" ]; then
  while read -r email password; do printf '  Demo:       %s  password %s\n' "$email" "$password" >&2; done <"$demo_users"
fi
cat >&2 <<MSG

  Stop with Ctrl+C; stop PostgreSQL with scripts/postgres.sh stop.
MSG
cd src/DataPort.Server
exec dotnet bin/Release/net10.0/DataPort.Server.dll --urls "$urls"
