#!/usr/bin/env bash
# Runs the release build program (build/), building it first only when its sources changed.
#   ./build.sh --target=Release      rehearse or publish a release
#   ./build.sh --target=Verify       the contributors' check (the default target)
#   ./build.sh --tree | --help       the task graph | every option
set -euo pipefail

script="${BASH_SOURCE[0]}"
[[ "$script" == */* ]] || script="./$script"
# Started through a symlink (~/bin/build.sh -> the repository's): follow it, so that the root is the repository's.
while [[ -L "$script" ]]; do
  link="$(readlink "$script")"
  [[ "$link" == /* ]] || link="${script%/*}/$link"
  script="$link"
done
root="${script%/*}"
[[ "$root" == /* ]] || root="$PWD/$root"
if [[ ! -f "$root/build/Build.csproj" ]]; then
  echo "build.sh: $root is not the repository (it has no build/Build.csproj); run the build.sh of a clone of it." >&2
  exit 1
fi
out="$root/build/bin/program"
stamp="$out/.stamp"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: the .NET SDK 10 is required but 'dotnet' is not on PATH." >&2
  echo "Install it (https://dot.net/download, or: apt-get install dotnet-sdk-10.0) and run ./build.sh again." >&2
  exit 127
fi

# Sources newer than the last successful build (directories too, so that deleted files count).
stale() {
  [[ -f "$stamp" ]] || return 0
  [[ -n "$(find "$root/build" \( -path "$root/build/bin" -o -path "$root/build/obj" \) -prune \
            -o -newer "$stamp" -print -quit)" ]]
}

runtime_id() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=osx ;; *) return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) return 1 ;; esac
  echo "$os-$arch"
}

if stale; then
  mkdir -p "$out"
  exec 9>"$root/build/bin/.build.lock"
  flock 9 2>/dev/null || true
  if stale; then
    if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
      echo "build.sh: the .NET SDK 10 is required to build build/ (found: $(dotnet --list-sdks 2>/dev/null | tr '\n' ' ' || echo none))." >&2
      echo "Install it from https://dot.net/download and run ./build.sh again." >&2
      exit 127
    fi
    echo "build.sh: building the build program (build/ changed since the last build)..." >&2
    # Create what the build creates first, so that their appearance does not make build/ look newer than the stamp.
    mkdir -p "$root/build/obj"
    touch "$out/.stamp.next"
    publish=(dotnet publish "$root/build/Build.csproj" -c Release -o "$out" --nologo -v minimal)
    if rid="$(runtime_id)"; then
      publish+=(-r "$rid" --self-contained false -p:PublishReadyToRun=true)
    fi
    if ! "${publish[@]}" >"$root/build/bin/build.log" 2>&1; then
      cat "$root/build/bin/build.log" >&2
      echo "build.sh: building build/ failed (log above, also in build/bin/build.log)." >&2
      exit 1
    fi
    mv "$out/.stamp.next" "$stamp"
  fi
  exec 9>&-
fi

cd "$root"
if [[ -x "$out/Build" ]]; then
  exec "$out/Build" "$@"
fi
exec dotnet "$out/Build.dll" "$@"
