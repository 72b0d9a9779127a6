#!/usr/bin/env bash
# Publishes the engine into one folder that runs from anywhere (docs/operations.md, "Deploying"):
#   NeuronEngine.Server.dll, *.dll      the engine (dotnet NeuronEngine.Server.dll, or the launcher ./NeuronEngine.Server)
#   trainer/NeuronEngine.Trainer.dll    its trainer sidecar and TorchSharp's libtorch, GLIBCXX fix applied (docs/torchsharp.md)
#   cli/neuron, cli/neuron.dll          the command line (`neuron health` is the service probe)
# Framework-dependent: the host needs the ASP.NET Core 10 runtime (it includes the .NET runtime the trainer and CLI
# use). One runtime identifier, so only that platform's native libraries come along.
#
# Usage: scripts/publish.sh [--output DIR] [--runtime RID] [--configuration C] [-- dotnet publish arguments]
#   --output         default artifacts/publish (in the repository); a relative folder is the caller's; emptied first (it
#                    must be empty or hold an earlier publish)
#   --runtime        default linux-x64 (TorchSharp's CPU libtorch exists for linux-x64, osx-arm64, win-x64, win-arm64)
#   --configuration  default Release
#   -- …             passed on, e.g. -- -p:NeuronTorchBackend=cuda for the CUDA libtorch (docs/training.md, "Device")
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."

out=artifacts/publish runtime=linux-x64 configuration=Release
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    --output) out=${2:?--output needs a folder}; [[ "$out" = /* ]] || out="$caller/$out"; shift 2 ;;
    --runtime) runtime=${2:?--runtime needs a runtime identifier}; shift 2 ;;
    --configuration) configuration=${2:?--configuration needs Debug or Release}; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "publish.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -f "$out/NeuronEngine.Server.dll" ]; then
  echo "publish.sh: $out is not empty and holds no earlier publish; not emptying it" >&2
  exit 2
fi
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Not self-contained: the trainer and the CLI run on the engine's own dotnet (and the three would carry three runtimes).
dotnet publish engine/NeuronEngine.Server -c "$configuration" -r "$runtime" --self-contained false -o "$out" -nologo -v quiet "$@"

for required in NeuronEngine.Server.dll trainer/NeuronEngine.Trainer.dll cli/neuron.dll; do
  [ -f "$out/$required" ] || { echo "publish.sh: $out/$required is missing" >&2; exit 1; }
done
echo "published into $out: $(du -sh "$out" | cut -f1) (engine $(du -sh --exclude=trainer --exclude=cli "$out" | cut -f1), trainer $(du -sh "$out/trainer" | cut -f1), cli $(du -sh "$out/cli" | cut -f1))"
echo "run it: dotnet $out/NeuronEngine.Server.dll --data-dir /var/lib/neuron-engine   (probe: dotnet $out/cli/neuron.dll health)"
