#!/usr/bin/env bash
# A local cluster for trying the cluster mode and for the load generator: one redis-server with AOF and three engine
# replicas on free ports, each with its own data directory. Needs redis-server (Debian: apt-get install redis-server).
# Usage: scripts/cluster.sh [replicas] [appendfsync]        (default: 3 replicas, appendfsync always)
# Prints the endpoints to give the SDK, the CLI (-e a,b,c) or the load generator (--target a,b,c); Ctrl-C stops all.
# Everything (Redis files, data directories, logs) lives under one temp folder, kept when NEURON_CLUSTER_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
replicas=${1:-3}; fsync=${2:-always}
command -v redis-server >/dev/null || { echo "redis-server not found: apt-get install -y redis-server" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
root=$(mktemp -d -t neuron-cluster-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${NEURON_CLUSTER_KEEP:-0}" = 1 ] && echo "kept $root" || rm -rf "$root"
}
trap cleanup EXIT INT TERM

dotnet build -c Release engine/NeuronEngine.Server >/dev/null
redis_port=$(free_port)
mkdir -p "$root/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$root/redis" --appendonly yes --appendfsync "$fsync" \
  --save "" --daemonize no --loglevel warning >"$root/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "redis-server on 127.0.0.1:$redis_port (AOF, appendfsync $fsync), files in $root/redis"

endpoints=()
for i in $(seq 1 "$replicas"); do
  port=$(free_port); metrics=$(free_port); console=$(free_port)
  mkdir -p "$root/replica-$i"
  dotnet engine/NeuronEngine.Server/bin/Release/net10.0/NeuronEngine.Server.dll --cluster "redis=127.0.0.1:$redis_port" \
    --port "$port" --metrics-port "$metrics" --console-port "$console" --data-dir "$root/replica-$i" >"$root/replica-$i.log" 2>&1 &
  pids+=($!)
  endpoints+=("http://127.0.0.1:$port")
  echo "replica $i: http://127.0.0.1:$port (metrics :$metrics, console http://127.0.0.1:$console/console/), log $root/replica-$i.log"
done
for i in $(seq 1 "$replicas"); do
  for _ in $(seq 300); do grep -q 'listening on' "$root/replica-$i.log" && break; sleep 0.2; done
done
list=$(IFS=,; echo "${endpoints[*]}")
echo
echo "endpoints: $list"
echo "try:       dotnet run -c Release --project cli/NeuronEngine.Cli -- -e $list demo"
echo "load:      dotnet loadtests/NeuronEngine.LoadTests/bin/Release/net10.0/NeuronEngine.LoadTests.dll ingest --target $list"
echo "Ctrl-C stops the replicas and Redis."
wait
