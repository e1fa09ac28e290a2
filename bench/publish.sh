#!/usr/bin/env bash
# Copies bench/results.md (the latest run of bench/run.sh) into docs/benchmarks.md, between the
# "results:start" and "results:end" markers, one heading level down.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/results.md"
doc="$root/docs/benchmarks.md"

[[ -f "$results" ]] || { echo "publish: no $results; run bench/run.sh first" >&2; exit 1; }
grep -q '<!-- results:start -->' "$doc" && grep -q '<!-- results:end -->' "$doc" ||
    { echo "publish: $doc lacks the results markers" >&2; exit 1; }

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
# Drop the run's own title; "## " becomes "### ".
sed -e '1{/^# /d}' -e 's/^## /### /' "$results" >"$body"
awk -v body="$body" '
    /<!-- results:start -->/ { print; while ((getline line < body) > 0) print line; skipping = 1; next }
    /<!-- results:end -->/ { skipping = 0 }
    !skipping { print }
' "$doc" >"$doc.tmp"
mv "$doc.tmp" "$doc"
echo "publish: copied $results into $doc"
