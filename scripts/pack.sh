#!/usr/bin/env bash
# Packs what applications and operators install from a NuGet feed into artifacts/ (git-ignored), Release, with
# SourceLink and a deterministic build:
#   NeuronEngine.Contracts       the neuron.v1 messages
#   NeuronEngine.Contracts.Grpc  the gRPC stubs            (depends on NeuronEngine.Contracts)
#   NeuronEngine.Client          the SDK                   (depends on NeuronEngine.Contracts.Grpc)
#   NeuronEngine.Cli             `neuron`, a .NET tool      (self-contained as tools are: no package dependencies)
# each with a .snupkg of its symbols. Versions: build/Packaging.props (0.9.0) unless --version says otherwise.
#
# Usage: scripts/pack.sh [--version X.Y.Z[-suffix]] [--output DIR] [--check]
#   --check  then proves the feed installs: a throwaway console project outside the repository (dotnet new console),
#            with DIR added as a package source beside nuget.org, adds NeuronEngine.Client (dotnet add package), builds,
#            and runs a line that uses the SDK and the contracts; and the neuron tool is installed from DIR into a
#            throwaway tool path and runs `neuron --help`. Adds a minute or two to the packing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

out=artifacts version="" check=false
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --output) out=${2:?--output needs a folder}; shift 2 ;;
    --check) check=true; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pack.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$out"
out=$(cd "$out" && pwd)

# SourceLink maps the PDBs' files to the origin remote at HEAD; say so when that cannot work rather than ship quietly
# without it.
origin=$(git remote get-url origin 2>/dev/null || true)
case "$origin" in
  *github.com[:/]*) ;;
  "") echo "pack.sh: note: this clone has no 'origin' remote: the PDBs carry no source link (the nuspec still names build/Packaging.props' repository)" >&2 ;;
  *) echo "pack.sh: note: origin ($origin) is not on GitHub: the PDBs carry no source link" >&2 ;;
esac
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  echo "pack.sh: note: the work tree has uncommitted changes: the packages name commit $(git rev-parse --short HEAD), which does not hold them" >&2
fi

projects=(engine/NeuronEngine.Contracts engine/NeuronEngine.Contracts.Grpc client/NeuronEngine.Client cli/NeuronEngine.Cli)
ids=(NeuronEngine.Contracts NeuronEngine.Contracts.Grpc NeuronEngine.Client NeuronEngine.Cli)
for id in "${ids[@]}"; do
  rm -f "$out/$id".[0-9]*.nupkg "$out/$id".[0-9]*.snupkg
done

properties=(-p:ContinuousIntegrationBuild=true)
[ -n "$version" ] && properties+=("-p:Version=$version")
for project in "${projects[@]}"; do
  echo "== packing $project"
  dotnet pack "$project" -c Release -o "$out" "${properties[@]}" -v quiet -nologo
done

packed=$(ls "$out"/NeuronEngine.*.nupkg)
echo "== packed into $out:"
ls -1 "$out" | grep -E '^NeuronEngine\..*\.s?nupkg$' | sed 's/^/   /'
[ "$check" = true ] || exit 0

# The version just packed, read back from the Client package's file name.
client=$(basename "$(ls "$out"/NeuronEngine.Client.[0-9]*.nupkg | head -1)")
packed_version=${client#NeuronEngine.Client.}
packed_version=${packed_version%.nupkg}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# A packages folder of its own: the machine's cache may hold an older build of the same version.
export NUGET_PACKAGES=$scratch/packages

echo "== check: a new console app installs NeuronEngine.Client $packed_version from $out"
mkdir "$scratch/app"
cd "$scratch/app"
dotnet new console --framework net10.0 -o . >/dev/null
# As the README tells an application: the folder (or the feed it was pushed to) as a package source beside nuget.org,
# which serves the SDK's own dependencies (gRPC, Google.Protobuf, Microsoft.Extensions.*).
dotnet new nugetconfig -o . >/dev/null
dotnet nuget add source "$out" --name neuronengine --configfile nuget.config >/dev/null
dotnet add package NeuronEngine.Client --version "$packed_version" >/dev/null
cat > Program.cs <<'CS'
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;

var options = new NeuronClientOptions { Endpoint = "http://localhost:7070", Tenant = "shop" };
var request = new RecommendRequest { UserId = "u1", Count = 10 };
Console.WriteLine(options.Validate().Count == 0 && request.Count == 10 ? "NeuronEngine.Client works" : "unexpected");
CS
dotnet build -nologo -v quiet >/dev/null
dotnet run --no-build | tee "$scratch/run.txt"
grep -qx "NeuronEngine.Client works" "$scratch/run.txt"

echo "== check: the neuron tool installs from $out"
dotnet tool install NeuronEngine.Cli --version "$packed_version" --add-source "$out" --tool-path "$scratch/tools" >/dev/null
"$scratch/tools/neuron" --help >"$scratch/help.txt"
grep -q "health" "$scratch/help.txt"
# Nothing listens on the discard port: health must say so and exit 1 (not serving), not crash.
status=0
"$scratch/tools/neuron" health -e http://127.0.0.1:9 --timeout 5s || status=$?
[ "$status" -eq 1 ]
cd "$root"
echo "== check passed"
