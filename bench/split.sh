#!/usr/bin/env bash
# Compares, on this machine, the wall time of a split release with the single-machine one, both from a cold start
# (fresh clones, empty artifacts/, empty image store) against one loopback registry:
#   single: ./build.sh --target=Release                      (builds every platform, then the rest of the graph)
#   split:  two clones run ./build.sh --target=Push --platform=P --push-by-digest at the same time,
#           then a third runs ./build.sh --target=Release --from-digests=DIR
# On GitHub the two platform builds run on separate runners; here they share the same two cores.
set -euo pipefail
export NO_COLOR=1
root="$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d /tmp/rdscsi-split-XXXXXX)"
registry_pid=""
cleanup() { [[ -n "$registry_pid" ]] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$root/build.sh" --version >/dev/null
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
make_release_repo "$root" "$work/source"
start_registry "$work"
image="127.0.0.1:$registry_port/bench"

clone() { rm -rf "$2" && git clone -q "$work/source" "$2"; }
program() { "$root/build.sh" "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; }
now() { date +%s.%N; }

single_total=0
split_total=0
for run in $(seq "$runs"); do
  clone "$work/source" "$work/single"
  start=$(now)
  program --target=Release --working="$work/single" --image="$image/single-$run"
  single=$(jq -n "$(now) - $start")

  clone "$work/source" "$work/amd64"; clone "$work/source" "$work/arm64"; clone "$work/source" "$work/merge"
  start=$(now)
  "$root/build.sh" --target=Push --platform=linux/amd64 --push-by-digest --working="$work/amd64" --image="$image/split-$run" >"$work/amd64.log" 2>&1 &
  amd64=$!
  "$root/build.sh" --target=Push --platform=linux/arm64 --push-by-digest --working="$work/arm64" --image="$image/split-$run" >"$work/arm64.log" 2>&1 &
  arm64=$!
  wait "$amd64" || { cat "$work/amd64.log" >&2; exit 1; }
  wait "$arm64" || { cat "$work/arm64.log" >&2; exit 1; }
  builds=$(jq -n "$(now) - $start")
  mkdir -p "$work/merge/collected"
  cp "$work/amd64/artifacts/digests/linux-amd64" "$work/arm64/artifacts/digests/linux-arm64" "$work/merge/collected/"
  program --target=Release --working="$work/merge" --image="$image/split-$run" --from-digests=collected
  split=$(jq -n "$(now) - $start")

  printf 'run %d: single machine %.1f s; split %.1f s (platform builds in parallel %.1f s, merge and release %.1f s)\n' \
    "$run" "$single" "$split" "$builds" "$(jq -n "$split - $builds")"
  single_total=$(jq -n "$single_total + $single")
  split_total=$(jq -n "$split_total + $split")
done
printf 'mean of %d: single machine %.1f s, split %.1f s, split/single %.2f\n' "$runs" \
  "$(jq -n "$single_total / $runs")" "$(jq -n "$split_total / $runs")" "$(jq -n "$split_total / $single_total")"
