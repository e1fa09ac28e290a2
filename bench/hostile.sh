#!/usr/bin/env bash
# The budget of docs/cli.md on the crafted images of issue 10: time and peak RSS of vhd info, check and
# convert, each in a fresh JVM with the launcher's options, as a user runs them. Measures, never asserts
# (CliBudgetTest asserts the bounds).
#
#   bench/hostile.sh [JAR]     default: target/vhdboot.jar (built when missing); needs /usr/bin/time
#
# Prints one line per command: image, command, exit code, seconds, peak RSS in MiB, first error line.
set -euo pipefail

bench="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$bench")"
jar="${1:-$root/target/vhdboot.jar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ ! -f "$jar" || ! -d "$root/target/test-classes" ]]; then
    mvn -B -q -f "$root/pom.xml" -DskipTests package >&2
fi
mvn -B -q -f "$root/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/classpath.txt" >&2
java -cp "$root/target/test-classes:$root/target/classes:$(cat "$work/classpath.txt")" \
    org.vhdboot.disk.testing.HostileImages "$work/images" >/dev/null

# The launcher's options (see ./vhdboot), without the class-data archive.
jvm=(-XX:+UseSerialGC -Xms16m -Xmx1g -XX:TieredStopAtLevel=1 -Xlog:all=warning:stderr)
# Beyond the budget's 64 MiB, for scale: the largest BAT vhdboot accepts (2^25 entries less a few), in a
# sparse 252 MiB file of about 1 MiB on disk.
mkdir -p "$work/images/largest-vhdx-bat-sparse"
java "${jvm[@]}" -jar "$jar" vhd create "$work/images/largest-vhdx-bat-sparse/largest-vhdx-bat-sparse.vhdx" \
    --size 31T --block-size 1M >/dev/null
printf '%-32s %-8s %4s %7s %7s  %s\n' image command exit seconds rss_mib error
for image in $(find "$work/images" -type f \( -name '*.vhd' -o -name '*.vhdx' \) | sort); do
    for command in info check convert; do
        args=(vhd "$command" "$image")
        [[ $command == convert ]] && args=(vhd convert -q "$image" "$work/out.raw")
        rm -f "$work/out.raw"
        set +e
        /usr/bin/time -f '%e %M' -o "$work/time" java "${jvm[@]}" -jar "$jar" "${args[@]}" >/dev/null 2>"$work/err"
        code=$?
        set -e
        read -r seconds kib < <(tail -n 1 "$work/time")
        error=$(grep -m1 '^vhdboot: error:' "$work/err" | cut -c17-100 || true)
        printf '%-32s %-8s %4s %7s %7s  %s\n' "$(basename "$image")" "$command" "$code" "$seconds" \
            "$((kib / 1024))" "$error"
    done
done
