#!/usr/bin/env bash
# The serving figures on loopback: seeds a tenant (setup), then recommend at a constant rate, a staircase to find
# the highest rate with p99 under the target, hotswap with the engine's memory, and mixed. Every run has ping
# alongside. Reports go to loadtest-results/<run>/; compare two with: NeuronEngine.LoadTests compare A B
# Usage: scripts/recommend-latency.sh [items] [rate] [seconds]   (default: 100000 items, 1000 rps, 30 s)
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-100000}; rate=${2:-1000}; seconds=${3:-30}

dotnet build -c Release engine/NeuronEngine.Server >/dev/null
dotnet build -c Release loadtests/NeuronEngine.LoadTests >/dev/null
port=17071
data=$(mktemp -d)
dotnet engine/NeuronEngine.Server/bin/Release/net10.0/NeuronEngine.Server.dll \
  --port $port --metrics-port $((port + 1)) --console-port 0 --host 127.0.0.1 --data-dir "$data" --trainer off >"$data.log" 2>&1 &
engine=$!
trap 'kill -TERM $engine; wait $engine || true; rm -rf "$data" "$data.log"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$data.log" && break; sleep 0.2; done

gen() { dotnet loadtests/NeuronEngine.LoadTests/bin/Release/net10.0/NeuronEngine.LoadTests.dll "$@"; }
target=(--target "http://127.0.0.1:$port")
gen setup "${target[@]}" --items "$items"
common=("${target[@]}" --items "$items" --plain --engine-pid $engine)
gen recommend "${common[@]}" --rate "$rate" --duration "$seconds" --out loadtest-results/recommend | grep -v '^\[' || true
gen recommend "${common[@]}" --steps 1000,2000,3000,4000,5000 --step-duration 15 --out loadtest-results/recommend-steps | grep -v '^\[' || true
gen hotswap "${common[@]}" --rate "$rate" --duration 110 --swap-interval 5 --out loadtest-results/hotswap | grep -v '^\[' || true
gen mixed "${common[@]}" --rate "$rate" --duration "$seconds" --out loadtest-results/mixed | grep -v '^\[' || true
