#!/usr/bin/env bash
# End-to-end ingest throughput over TrackStream on loopback, for each durability policy (closed loop: ingest --rate 0).
# Usage: scripts/ingest-throughput.sh [seconds] [policies...]   (default: 20 s, "always interval:10")
# Reports (report.json, report.md, plot.png) go to loadtest-results/ingest-<policy>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}; shift || true
policies=("${@:-always}")
[ $# -eq 0 ] && policies=(always interval:10)

# The per-tenant rate limit (Limits:EventsPerSecond, 200k by default) would cut the closed loop short.
export NEURON_Limits__EventsPerSecond=0
dotnet build -c Release engine/NeuronEngine.Server >/dev/null
dotnet build -c Release loadtests/NeuronEngine.LoadTests >/dev/null
port=17070
for policy in "${policies[@]}"; do
  data=$(mktemp -d)
  dotnet engine/NeuronEngine.Server/bin/Release/net10.0/NeuronEngine.Server.dll \
    --port $port --metrics-port $((port + 1)) --console-port 0 --host 127.0.0.1 --data-dir "$data" --durability "$policy" >"$data.log" 2>&1 &
  engine=$!
  for _ in $(seq 100); do grep -q 'listening on' "$data.log" && break; sleep 0.2; done
  echo "== durability $policy"
  dotnet loadtests/NeuronEngine.LoadTests/bin/Release/net10.0/NeuronEngine.LoadTests.dll ingest --rate 0 --plain \
    --target "http://127.0.0.1:$port" --duration "$seconds" --engine-pid $engine \
    --out "loadtest-results/ingest-${policy//:/-}" | grep -v '^\[' || true
  kill -TERM $engine; wait $engine || true
  rm -rf "$data" "$data.log"
done
