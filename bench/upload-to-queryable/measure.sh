#!/usr/bin/env bash
# Times a merchant's file from upload to queryable on a running Development server (scripts/run.sh): generates N rows
# of a catalog dataset, uploads them as its owner, follows the draft job, publishes (which loads the sandbox before the
# version exists), and prints the seconds of each step. Uses the development header, so Development servers only.
#
#   bench/upload-to-queryable/measure.sh [ROWS] [DATASET]      (100000, traffic-carbon-credits)
# Settings (environment): DATAPORT_URL (http://127.0.0.1:5080).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-100000}
dataset=${2:-traffic-carbon-credits}
url=${DATAPORT_URL:-http://127.0.0.1:5080}
dataport() { dotnet "$repo/src/DataPort.Cli/bin/Release/net10.0/dataport.dll" "$@"; }
now() { date +%s.%N; }
elapsed() { printf '%.2f' "$(echo "$2 - $1" | bc)"; }
command -v jq >/dev/null || { echo "jq is needed (apt-get install jq)" >&2; exit 1; }

owner=$(curl -sf "$url/api/datasets/$dataset" -H "X-DataPort-Actor: bench;bench;operator" | jq -r .ownerOrganisationId)
as_owner=(-H "X-DataPort-Actor: bench-merchant;$owner;merchant")
file=$(mktemp --suffix=.csv)
trap 'rm -f "$file"' EXIT
dataport generate "$dataset" --rows "$rows" --out "$file" >/dev/null

t0=$(now)
upload=$(curl -sf "${as_owner[@]}" -F "file=@$file;type=text/csv" "$url/api/datasets/$dataset/uploads")
t1=$(now)
id=$(jq -r .uploadId <<<"$upload")
while :; do
  state=$(curl -sf "${as_owner[@]}" "$url/api/datasets/$dataset/uploads/$id")
  [ "$(jq -r .status <<<"$state")" = preparing ] || break
  sleep 0.2
done
t2=$(now)
[ "$(jq -r .status <<<"$state")" = ready ] || { jq . <<<"$state" >&2; exit 1; }
published=$(curl -sf -X POST "${as_owner[@]}" "$url/api/datasets/$dataset/uploads/$id/publish")
t3=$(now)
version=$(jq '.versions[-1].number' <<<"$published")
printf '%s rows, %s MB: upload %ss, draft %ss, publish (release + sandbox load) %ss; upload to queryable %ss (version %s, %s rows released)\n' \
  "$rows" "$(( $(stat -c %s "$file") / 1000000 ))" "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" "$(elapsed "$t2" "$t3")" \
  "$(elapsed "$t0" "$t3")" "$version" "$(jq -r .draft.rowsReleased <<<"$state")"
