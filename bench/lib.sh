# shellcheck shell=bash
# Shared by the bench scripts (sourced): a release repository made from this one, and a registry on a free loopback port.

# make_release_repo ROOT DIR: this repository's sample image, chart and manifests, committed and tagged v1.2.3.
make_release_repo() {
  local root="$1" repo="$2"
  mkdir -p "$repo/tests/fixtures"
  cp -r "$root/tests/fixtures/sample-driver" "$repo/tests/fixtures/"
  cp -r "$root/deploy" "$root/.config" "$root/CHANGELOG.md" "$root/bench/version.cake" "$repo/"
  printf 'artifacts/\ntools/\n' >"$repo/.gitignore"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -q -m bench
  git -C "$repo" tag v1.2.3
}

# start_registry WORK: starts docker-registry on a free loopback port with its storage under WORK; sets
# registry_port and registry_pid (the caller stops it by that PID).
start_registry() {
  local work="$1"
  registry_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/registry"
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s/registry\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:%s\nlog:\n  level: error\n' "$work" "$registry_port" >"$work/registry.yml"
  docker-registry serve "$work/registry.yml" >/dev/null 2>&1 &
  # shellcheck disable=SC2034 # read by the sourcing script
  registry_pid=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$registry_port/v2/" >/dev/null && return 0; sleep 0.1; done
  echo "bench: the registry on 127.0.0.1:$registry_port did not start" >&2
  return 1
}
