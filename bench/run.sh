#!/usr/bin/env bash
# Measures, side by side in one run on this machine, the three speed targets of the build and prints each ratio:
#   1. a warm ./build.sh --target=Version against Cake's own script runner (dotnet cake, script cache on) running the
#      same one-task Version script (bench/version.cake)                                    target <= 0.25
#   2. re-running a finished rehearsal against its first run (and that the re-run pushes nothing)  target <= 0.05
#   3. a full rehearsal against a plain script making the same tool calls in sequence   target <= 1.15
set -euo pipefail
export NO_COLOR=1
root="$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)"
for tool in hyperfine jq; do
  command -v "$tool" >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq "$tool" >/dev/null; } || {
    echo "bench/run.sh needs $tool: apt-get install $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/rdscsi-bench-XXXXXX)"
registry_pid=""
cleanup() { [[ -n "$registry_pid" ]] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$root/build.sh" --version >/dev/null
(cd "$root" && dotnet tool restore >/dev/null)

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
repo="$work/repo"
make_release_repo "$root" "$repo"

mean() { jq -r ".results[$2].mean" "$1"; }
ratio() { jq -n "$1 / $2"; }

echo "== 1. warm ./build.sh --target=Version vs dotnet cake running bench/version.cake"
export CAKE_SETTINGS_ENABLESCRIPTCACHE=true
(cd "$repo" && dotnet cake version.cake >/dev/null)
(cd "$repo" && hyperfine -N --warmup 3 --runs 15 --export-json "$work/version.json" \
  "$root/build.sh --target=Version --working=$repo" "dotnet cake version.cake" >/dev/null)
build=$(mean "$work/version.json" 0); cake=$(mean "$work/version.json" 1)
printf 'build.sh --target=Version %.0f ms, dotnet cake %.0f ms\n' "$(jq -n "$build*1000")" "$(jq -n "$cake*1000")"
printf 'ratio version-start: %.3f (target <= 0.25)\n' "$(ratio "$build" "$cake")"

echo "== 2. a finished rehearsal run again vs its first run (fresh artifacts/ and registry each first run)"
hyperfine -N --runs 3 --prepare "rm -rf $repo/artifacts" --export-json "$work/first.json" \
  "$root/build.sh --target=Release --working=$repo" >/dev/null
first=$(mean "$work/first.json" 0)
before="$(cd "$repo/artifacts/release/1.2.3" && sha256sum -- * | sha256sum)"
hyperfine -N --warmup 1 --runs 10 --export-json "$work/rerun.json" "$root/build.sh --target=Release --working=$repo" >/dev/null
rerun=$(mean "$work/rerun.json" 0)
output="$("$root/build.sh" --target=Release --working="$repo")"
after="$(cd "$repo/artifacts/release/1.2.3" && sha256sum -- * | sha256sum)"
pushed="pushed nothing"
grep -q "Skipped Push because" <<<"$output" && grep -q "nothing changed" <<<"$output" && [[ "$before" == "$after" ]] || pushed="PUSHED OR CHANGED SOMETHING"
printf 'first rehearsal %.1f s, re-run %.2f s (%s)\n' "$first" "$rerun" "$pushed"
printf 'ratio rerun: %.3f (target <= 0.05)\n' "$(ratio "$rerun" "$first")"

echo "== 3. a full rehearsal vs a plain script making the same tool calls in sequence"
start_registry "$work"
port=$registry_port
hyperfine -N --runs 3 --prepare "rm -rf $work/plain $repo/artifacts" --export-json "$work/plain.json" \
  "bash $root/bench/plain-release.sh $repo 127.0.0.1:$port/bench/plain $work/plain $root" \
  "$root/build.sh --target=Release --working=$repo --image=127.0.0.1:$port/bench/pipeline" >/dev/null
plain=$(mean "$work/plain.json" 0); pipeline=$(mean "$work/plain.json" 1)
printf 'plain script %.1f s, rehearsal %.1f s\n' "$plain" "$pipeline"
printf 'ratio pipeline-overhead: %.3f (target <= 1.15)\n' "$(ratio "$pipeline" "$plain")"
