#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the dotnet-stryker version pinned in .config/dotnet-tools.json) over chosen folders
# of build/, against the unit tests of tests/Build.Tests.csproj. A benchmark, not part of .ci/run: one folder takes
# minutes on two cores.
#
#   bench/mutation.sh [--tests folder|unit|all] [--with-e2e] [--concurrency N] [--min-score P] [FOLDER...]
#
#   FOLDER         a folder of build/ (Resilience, Versioning, ...); default: the folders issue 19 names
#   --tests        which tests run against a folder's mutants:
#                    folder (default)  the unit tests of the folder's own namespace (build/Registry -> Build.Tests.Registry)
#                    unit              every unit test (all but Build.Tests.EndToEnd)
#                    all               every test, end-to-end included (--with-e2e says the same)
#                  Why "folder" by default: code that a test fixture runs in [OneTimeSetUp] (a registry started once per
#                  class) executes outside any test, so Stryker runs every selected test against each such mutant. With
#                  every unit test that is about a minute per mutant on two cores (hours for build/Registry); with the
#                  folder's own tests, seconds. The score is then a lower bound: a test elsewhere may kill a survivor.
#   --concurrency  Stryker's parallel test sessions (default 1: the machine is shared)
#   --min-score    exit 1 when a folder's score is below P percent
#
# Prints per folder: killed, timeout, survived, no coverage, ignored, errors (compile/runtime), the score
# = (killed + timeout) / (killed + timeout + survived), i.e. over the mutants some test covers; "all" = Stryker's own
# score, which also counts the mutants no test covers as undetected; the number of equivalent-mutant marks in the
# folder's code; then each surviving mutant (file:line, mutator, original -> replacement) and the lines no test covers.
# Reports: artifacts/mutation/<UTC time>/reports/mutation-report.{html,json} (and artifacts/mutation/latest), Stryker's
# and VsTest's logs beside them in logs/.
#
# Stryker runs in a copy of the working tree (tracked and untracked files, not bin/, obj/ or ignored files): it
# rebuilds the test project and swaps a mutated Build.dll into its output, which must not touch the tree you work in.
#
# Equivalent mutants: a mutant no test can kill because the mutated code behaves the same is marked in the code, with
# the reason, by a comment on the line before (the reason shows in the report, the mutant counts as ignored):
#   // Stryker disable once Equality : an empty list and a null list both mean "no tags" here
# (mutator names as Stryker.NET spells them, e.g. Equality, Boolean, String, Logical, Arithmetic, Statement, Linq; "all").
# The script counts these marks per folder; keep them few and each with its reason.
#
# Why the first attempt stopped at "Initial test run could not be completed": Stryker's VsTest runner counts the tests
# discovered and treats a run that reports fewer results as a timeout. Two [TestCase]s of GoJsonTests carried control
# characters (U+0001, U+001F, U+007F) in their arguments and so in their names: NUnit's adapter discovered them but
# never reported their results (716 discovered, 714 results; `dotnet test` silently said "Total: 714" too). Naming
# those cases with TestName fixed both; a [TestCase] whose arguments hold control characters needs a TestName.
set -euo pipefail
root="$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)"

folders=()
tests=folder
concurrency=1
min_score=""
while (($#)); do
  case "$1" in
    --with-e2e) tests=all ;;
    --tests) tests="${2:?--tests needs folder, unit or all}"; shift ;;
    --concurrency) concurrency="${2:?--concurrency needs a number}"; shift ;;
    --min-score) min_score="${2:?--min-score needs a percentage}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench/mutation.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) folders+=("${1%/}") ;;
  esac
  shift
done
((${#folders[@]})) || folders=(Versioning Signing Registry Resilience Diagnostics Charts Yaml State Preflight)
[[ "$tests" =~ ^(folder|unit|all)$ ]] || { echo "bench/mutation.sh: --tests must be folder, unit or all, not '$tests'" >&2; exit 2; }
[[ "$concurrency" =~ ^[1-9][0-9]*$ ]] || { echo "bench/mutation.sh: --concurrency must be a positive number, not '$concurrency'" >&2; exit 2; }
[[ -z "$min_score" || "$min_score" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "bench/mutation.sh: --min-score must be a percentage, not '$min_score'" >&2; exit 2; }
for folder in "${folders[@]}"; do
  folder="${folder#build/}"
  [[ "$folder" =~ ^[A-Za-z0-9_]+$ && -d "$root/build/$folder" ]] || {
    echo "bench/mutation.sh: '$folder' is not a folder of build/ (one of: $(cd "$root/build" && find . -mindepth 1 -maxdepth 1 -type d ! -name bin ! -name obj -printf '%f\n' | sort | tr '\n' ' '))" >&2
    exit 2
  }
done
folders=("${folders[@]#build/}")
command -v python3 >/dev/null || { echo "bench/mutation.sh needs python3 (it reads Stryker's JSON report)" >&2; exit 1; }

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$root/artifacts/mutation/$stamp"
work="$(mktemp -d /tmp/rdscsi-mutation-XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# The copy: what a fresh clone would hold, plus uncommitted changes.
git -C "$root" ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' file; do if [[ -e "$root/$file" ]]; then printf '%s\0' "$file"; fi; done |
  tar -C "$root" --null -T - -cf - | tar -C "$work" -xf -
(cd "$work" && dotnet tool restore >/dev/null)

# One Stryker run per folder (each with its own test filter); reports under $out/<folder>/reports/.
reports=()
for folder in "${folders[@]}"; do
  args=(--project Build.csproj --concurrency "$concurrency" --output "$out/$folder" --log-to-file --skip-version-check
    --reporter Json --reporter Html --reporter Progress --mutate "**/$folder/**/*.cs")
  case "$tests" in
    folder) filter="FullyQualifiedName~Build.Tests.$folder.&FullyQualifiedName!~Build.Tests.EndToEnd"; scope="the unit tests of Build.Tests.$folder" ;;
    unit) filter="FullyQualifiedName!~Build.Tests.EndToEnd"; scope="the unit tests" ;;
    all) filter=""; scope="all tests" ;;
  esac
  [[ -z "$filter" ]] || args+=(--test-case-filter "$filter")

  echo "== Stryker over build/$folder with $scope, concurrency $concurrency"
  start=$SECONDS
  status=0
  mkdir -p "$out/$folder"
  (cd "$work/tests" && dotnet stryker "${args[@]}") >"$out/$folder/stryker.out" 2>&1 || status=$?
  elapsed=$((SECONDS - start))
  ln -sfn "$stamp" "$root/artifacts/mutation/latest"
  report="$out/$folder/reports/mutation-report.json"
  if ((status != 0)) || [[ ! -f "$report" ]]; then
    tail -n 30 "$out/$folder/stryker.out" >&2
    echo "bench/mutation.sh: Stryker failed on build/$folder after ${elapsed}s (exit $status); full output in $out/$folder/stryker.out, logs in $out/$folder/logs" >&2
    grep -q "Initial test run could not be completed" "$out/$folder/stryker.out" &&
      echo "  A test discovered but never reported (e.g. a [TestCase] name holding control characters) makes Stryker's VsTest runner call the initial run a timeout: compare 'dotnet test --list-tests' with the results." >&2
    exit 1
  fi
  echo "   ${elapsed}s; report $out/$folder/reports/mutation-report.html"
  reports+=("$folder=$report")
done

python3 - "$root" "$min_score" "${reports[@]}" <<'PY'
import json, os, re, sys

root, min_score = sys.argv[1], sys.argv[2]
runs = [arg.split("=", 1) for arg in sys.argv[3:]]
folders = [folder for folder, _ in runs]
mark = re.compile(r"//\s*Stryker\s+disable", re.IGNORECASE)

def folder_of(path):
    parts = path.replace("\\", "/").split("/")
    for i, part in enumerate(parts[:-1]):
        if part in folders and (i == 0 or parts[i - 1] == "build"):
            return part, "/".join(parts[i:])
    return None, path

stats = {f: dict(Killed=0, Timeout=0, Survived=0, NoCoverage=0, Ignored=0, Errors=0) for f in folders}
survivors = {f: [] for f in folders}
uncovered = {f: {} for f in folders}
for run_folder, report in runs:
    data = json.load(open(report, encoding="utf-8"))
    for path, body in sorted(data["files"].items()):
        folder, rel = folder_of(path)
        if folder != run_folder:
            continue
        lines = body.get("source", "").split("\n")
        for m in body["mutants"]:
            status = m["status"]
            key = status if status in stats[folder] else "Errors"  # CompileError, RuntimeError
            stats[folder][key] += 1
            if status == "Survived":
                start, end = m["location"]["start"], m["location"]["end"]
                span = lines[start["line"] - 1:end["line"]]
                if span:
                    span[-1] = span[-1][:end["column"] - 1]
                    span[0] = span[0][start["column"] - 1:]
                original = " ".join(" ".join(span).split())
                survivors[folder].append((rel, start["line"], m["mutatorName"], original, " ".join(m.get("replacement", "").split())))
            elif status == "NoCoverage":
                uncovered[folder].setdefault(rel, set()).add(m["location"]["start"]["line"])

def marks(folder):
    count = 0
    for dirpath, dirnames, files in os.walk(os.path.join(root, "build", folder)):
        dirnames[:] = [d for d in dirnames if d not in ("bin", "obj")]
        for name in files:
            if name.endswith(".cs"):
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    count += sum(1 for line in f if mark.search(line))
    return count

print(f"{'folder':<12} {'killed':>6} {'timeout':>7} {'survived':>8} {'no cov':>6} {'ignored':>7} {'errors':>6} {'score':>7} {'all':>7} {'equiv. marks':>12}")
below = []
for f in folders:
    s = stats[f]
    covered = s["Killed"] + s["Timeout"] + s["Survived"]
    score = 100.0 * (s["Killed"] + s["Timeout"]) / covered if covered else float("nan")
    shown = f"{score:6.1f}%" if covered else "    n/a"
    valid = covered + s["NoCoverage"]
    overall = f"{100.0 * (s['Killed'] + s['Timeout']) / valid:6.1f}%" if valid else "    n/a"
    print(f"{f:<12} {s['Killed']:>6} {s['Timeout']:>7} {s['Survived']:>8} {s['NoCoverage']:>6} {s['Ignored']:>7} {s['Errors']:>6} {shown:>7} {overall:>7} {marks(f):>12}")
    if min_score and covered and score < float(min_score):
        below.append(f)
for f in folders:
    if survivors[f]:
        print(f"\n-- surviving mutants in build/{f} ({len(survivors[f])})")
        for rel, line, mutator, original, replacement in survivors[f]:
            print(f"{rel}:{line}  {mutator}: {original[:70]}  ->  {replacement[:70]}")
for f in folders:
    if uncovered[f]:
        print(f"\n-- lines of build/{f} whose mutants no test covers")
        for rel, lines in sorted(uncovered[f].items()):
            print(f"{rel}: {', '.join(str(n) for n in sorted(lines))}")
if below:
    print(f"\nbelow {min_score}%: {' '.join(below)}")
    sys.exit(1)
PY
