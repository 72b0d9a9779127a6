#!/usr/bin/env bash
# Cluster-mode figures on this machine, each against a single node measured in the same run (everything shares the
# machine's cores, so read the ratios, not the absolute numbers):
#   1. acknowledged ingest events/s (closed loop, TrackStream): one node on its file log (--durability always and
#      interval:1000), then one and two replicas on one redis-server with AOF appendfsync always, then everysec;
#   2. the stream lag on replica B while A takes an open-loop 100k events/s (neuron.cluster.stream.lag, from B's
#      /metrics, only what that run added);
#   3. Recommend p99 at 1,000/s on replica A of a fresh cluster, alone and while replica B ingests 10k and 50k
#      events/s, and the same on a fresh single node ingesting itself (with ping's p99 beside each: the machine's floor);
#   4. the time a new replica takes to rebuild from the streams (its ClusterRecovered line), after ingest has filled
#      them to the catch-up target (default 10M events).
# Usage: scripts/cluster-figures.sh [seconds] [catch-up events] [parts]   (default 20 s per run, 10000000,
#        "ingest,serving": 1, 2 and 4 are "ingest", 3 is "serving"). Needs redis-server.
# Reports of every run stay in loadtest-results/cluster-figures/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}; catchup=${2:-10000000}; parts=${3:-ingest,serving}
command -v redis-server >/dev/null || { echo "redis-server not found: apt-get install -y redis-server" >&2; exit 1; }
dotnet build -c Release engine/NeuronEngine.Server >/dev/null
dotnet build -c Release loadtests/NeuronEngine.LoadTests >/dev/null
engine=engine/NeuronEngine.Server/bin/Release/net10.0/NeuronEngine.Server.dll
out=loadtest-results/cluster-figures
rm -rf "$out"; mkdir -p "$out"
gen() { dotnet loadtests/NeuronEngine.LoadTests/bin/Release/net10.0/NeuronEngine.LoadTests.dll "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
root=$(mktemp -d -t neuron-figures-XXXXXX)
pids=()
stop_all() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap 'stop_all; rm -rf "$root"' EXIT
# The per-tenant rate limit (200k events/s by default) would cut a closed loop short: the figures measure the engine.
export NEURON_Limits__EventsPerSecond=0 NEURON_Limits__RecommendPerSecond=0

wait_for() { # file, pattern → waits up to 10 min (a replica rebuilding 10M events takes a while)
  for _ in $(seq 3000); do grep -q "$2" "$1" && return; sleep 0.2; done
  echo "gave up waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; exit 1
}

start_engine() { # name, extra args... → sets addr, metrics, pid (not in a subshell, so its pid is tracked)
  local name=$1; shift
  local port; port=$(free_port); metrics=$(free_port)
  mkdir -p "$root/$name"
  dotnet "$engine" --port "$port" --metrics-port "$metrics" --console-port 0 --data-dir "$root/$name" --trainer off "$@" >"$root/$name.log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_for "$root/$name.log" 'NeuronEngine ready'
  addr="http://127.0.0.1:$port"
}

start_redis() { # appendfsync [name] → sets redis_port
  local name=${2:-$1}
  redis_port=$(free_port); mkdir -p "$root/redis-$name"
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$root/redis-$name" --appendonly yes --appendfsync "$1" \
    --save "" --daemonize no --loglevel warning >"$root/redis-$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "redis-server did not start" >&2; cat "$root/redis-$name.log" >&2; exit 1
}

ingest() { # name, targets, rate (batches/s of 500; 0 = closed loop), extra args... → events/s acknowledged
  local name=$1 targets=$2 rate=$3; shift 3
  gen ingest --rate "$rate" --plain --target "$targets" --duration "$seconds" --out "$out/$name" "$@" >"$root/$name.out" 2>&1 || true
  grep -E '^stream [0-9]+:' "$root/$name.out" | head -3 >&2 || true
  sed -n 's/^eventsPerSecond: //p' "$root/$name.out"
}

recommend_p99() { # name, target, extra args... → "p99 X ms (ping p99 Y ms)"
  local name=$1 target=$2; shift 2
  gen recommend --rate 1000 --plain --target "$target" --duration "$seconds" --out "$out/$name" "$@" >"$root/$name.out" 2>&1 || true
  python3 - "$out/$name/report.json" <<'EOF'
import json, sys
series = {s["name"]: s for s in json.load(open(sys.argv[1]))["series"]}
rec, ping = series.get("recommend", {}), series.get("ping", {})
print("p99 %s ms, errors %s (ping p99 %s ms)" % (rec.get("latency", {}).get("p99", "?"), rec.get("errors", "?"),
                                               ping.get("latency", {}).get("p99", "?")))
EOF
}

lag_buckets() { # metrics port → "le count" lines of neuron.cluster.stream.lag's cumulative histogram
  curl -s "http://127.0.0.1:$1/metrics" | sed -n 's/^neuron_cluster_stream_lag_milliseconds_bucket{.*le="\([^"]*\)".*} \([0-9.e+]*\).*/\1 \2/p'
}

lag_between() { # before file, after file → p50 and p99 of the entries applied between the two snapshots
  python3 - "$1" "$2" <<'EOF'
import sys
def load(p):
    d = {}
    for line in open(p):
        le, n = line.split()
        d[float("inf") if le == "+Inf" else float(le)] = float(n)
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
buckets = sorted((le, b[le] - a.get(le, 0)) for le in b)
total = buckets[-1][1] if buckets else 0
def q(p):
    for le, n in buckets:
        if n >= p * total: return "<= %g ms" % le
    return "?"
print("p50 %s, p99 %s over %d entries" % (q(0.5), q(0.99), total) if total else "no entries applied")
EOF
}

recommend_under_ingest() { # label, Recommend target, ingest target → a line per ingest rate (0, 10k, 50k events/s)
  local label=$1 target=$2 ingester=$3 batches
  echo "   no ingest:        $(recommend_p99 "rec-$label-alone" "$target")"
  for batches in 20 100; do
    gen ingest --rate "$batches" --plain --target "$ingester" --duration "$((seconds + 10))" --warmup 2 \
      --out "$out/ingest-$label-$batches" >"$root/ingest-$label-$batches.out" 2>&1 &
    local generator=$!
    sleep 3
    local line; line=$(recommend_p99 "rec-$label-ingest-$batches" "$target" --warmup 2)
    wait $generator || true
    printf '   ingest %3sk ev/s: %s; ingest acknowledged %s events/s\n' "$((batches / 2))" "$line" \
      "$(sed -n 's/^eventsPerSecond: //p' "$root/ingest-$label-$batches.out")"
  done
}

ratio() { python3 -c "import sys; a, b = float(sys.argv[1] or 0), float(sys.argv[2] or 0); print('%.2f' % (a / b) if b else '?')" "$1" "$2"; }

if [[ ",$parts," == *,ingest,* ]]; then
echo "== 1. ingest, closed loop, ${seconds} s each (events/s acknowledged; ratio to one node --durability always)"
start_engine single --durability always
single=$(ingest single-always "$addr" 0); echo "   one node, file log, always:        $single"
stop_all
start_engine single-interval --durability interval:1000
single_interval=$(ingest single-interval "$addr" 0); echo "   one node, file log, interval:1000: $single_interval ($(ratio "$single_interval" "$single"))"
stop_all

for fsync in always everysec; do
  start_redis "$fsync"
  start_engine "a-$fsync" --cluster "redis=127.0.0.1:$redis_port"; a=$addr; ma=$metrics
  one=$(ingest "one-$fsync" "$a" 0); echo "   one replica,  AOF $fsync: $one ($(ratio "$one" "$single"))"
  start_engine "b-$fsync" --cluster "redis=127.0.0.1:$redis_port"; b=$addr; mb=$metrics
  two=$(ingest "two-$fsync" "$a,$b" 0); echo "   two replicas, AOF $fsync: $two ($(ratio "$two" "$single"))"
  if [ "$fsync" = everysec ]; then
    echo "== 2. stream lag on replica B while replica A takes 100k events/s (open loop, 200 batches/s of 500)"
    lag_buckets "$mb" >"$root/lag-before"
    rate=$(ingest lag-100k "$a" 200)
    lag_buckets "$mb" >"$root/lag-after"
    echo "   acknowledged $rate events/s; lag on B: $(lag_between "$root/lag-before" "$root/lag-after")"

    echo "== 4. a new replica rebuilding ${catchup} events from the streams"
    have=$(( ($(redis-cli -p "$redis_port" --scan --pattern '*:events' | xargs -r -n1 redis-cli -p "$redis_port" xlen | paste -sd+)) * 500 ))
    if [ "$have" -lt "$catchup" ]; then
      per_second=${two%.*}; [ "${per_second:-0}" -gt 0 ] || per_second=100000
      need=$(( (catchup - have) / per_second + 5 ))
      echo "   streams hold ~$have events; ingesting for ${need} s more"
      gen ingest --rate 0 --plain --target "$a,$b" --duration "$need" --out "$out/fill" >"$root/fill.out" 2>&1 || true
    fi
    start_engine "c-$fsync" --cluster "redis=127.0.0.1:$redis_port"
    wait_for "$root/c-$fsync.log" 'Recovered from the cluster'
    echo "   $(grep -o 'applied [0-9]* entries ([0-9]* events) in [0-9]* ms' "$root/c-$fsync.log" | head -1)"
  fi
  stop_all
done

fi

if [[ ",$parts," == *,serving,* ]]; then
  echo "== 3. Recommend at 1,000/s on replica A (100k items, fresh cluster, AOF everysec): alone, then while replica B ingests 10k and 50k events/s"
  start_redis everysec serving
  start_engine rec-a --cluster "redis=127.0.0.1:$redis_port"; a=$addr
  start_engine rec-b --cluster "redis=127.0.0.1:$redis_port"; b=$addr
  gen setup --target "$a" >"$root/setup.out" 2>&1 || { tail -20 "$root/setup.out" >&2; exit 1; }
  recommend_under_ingest replica "$a" "$b"
  stop_all

  echo "== 3b. the same Recommend on one node (fresh, --durability always): alone, then while it ingests 10k and 50k events/s itself"
  start_engine single-rec --durability always; s=$addr
  gen setup --target "$s" >"$root/setup-single.out" 2>&1 || { tail -20 "$root/setup-single.out" >&2; exit 1; }
  recommend_under_ingest single "$s" "$s"
  stop_all
fi
