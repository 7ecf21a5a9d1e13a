#!/usr/bin/env bash
# Start-up time and peak memory of the real start command on the embedded database:
# a cold start (empty data directory: initdb, migrations, demo seed) and two warm restarts.
# Usage: bench/startup/measure.sh   (from the repository root; writes nothing but a temp directory)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=$(mktemp -d)
port=${PORT:-4390}
run() {
  local label=$1 start end pid
  start=$(date +%s%N)
  DATA_DIR=$data PORT=$port LOG_LEVEL=warn /usr/bin/time -f '%M' -o "$data.rss" \
    node --import tsx packages/api/src/cli/start.ts >/dev/null 2>&1 &
  pid=$!
  until curl -s -o /dev/null -w '%{http_code}' -X POST "localhost:$port/graphql" \
      -H 'content-type: application/json' -d '{"query":"{ __typename }"}' | grep -q 200; do sleep 0.05; done
  end=$(date +%s%N)
  pkill -TERM -f "^node --import tsx packages/api/src/cli/start.ts" || true
  wait "$pid" || true
  printf '%-6s first answer after %5d ms, peak RSS %4d MB\n' "$label" $(((end - start) / 1000000)) $(($(cat "$data.rss") / 1024))
}
run cold
run warm
run warm
rm -rf "$data" "$data.rss"
