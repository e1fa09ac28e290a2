#!/usr/bin/env bash
# Benchmarks golden-image versions (issue 14) and writes bench/image-results.md:
#   1. image switch in process (JMH SwitchBenchmark): prepare the new slot and its entry, record, one-time boot;
#      on layouts of 1 GiB, 127 GiB and 2 TiB (VHD: 1 GiB and 2040 GiB), each with its first 1 GiB written; and
#      a reset of the same layouts in the same run, for reference;
#   2. image add of an update that rewrites 2% of a 1 GiB image (ImageAddBytes): the bytes it moves (the layer's
#      file) against copying a whole new parent, and both times.
# About 4 minutes on 2 cores.
#
# Environment: VHDBOOT_BENCH_DIR (default /tmp/vhdboot-bench) holds the layouts, on disk so that switches pay real
# fsyncs; about 6 GiB.
set -euo pipefail

bench="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$bench")"
bench_name=image-bench
# shellcheck source=bench/common.sh
source "$bench/common.sh"
disk="${VHDBOOT_BENCH_DIR:-/tmp/vhdboot-bench}"
work="$disk/image"
results="$work/results"
vhdboot="$root/vhdboot"


build() {
    log "building vhdboot and the benchmarks"
    mvn -B -q -Dstyle.color=never -f "$root/pom.xml" -DskipTests install >&2
    mvn -B -q -Dstyle.color=never -f "$bench/pom.xml" package >&2
    # A copy of this tree's jar: the one in ~/.m2 may be replaced by another checkout's `mvn install` meanwhile,
    # and target/ by a build here.
    mkdir -p "$work" && cp "$root/target/vhdboot-0.1.0.jar" "$work/vhdboot.jar"
    classpath="$bench/target/classes:$work/vhdboot.jar:$(tr ':' '\n' <"$bench/target/classpath.txt" \
        | grep -v '/org/vhdboot/vhdboot/' | paste -sd:)"
    "$vhdboot" --version >/dev/null
}

switch_layouts=(vhdx-1g vhdx-127g vhdx-2t vhd-1g vhd-2t)

fixtures() {
    log "making switch layouts: parent, init (script boot store), Current committed as version 'update'"
    rm -rf "$disk/switch" "$results"
    mkdir -p "$results"
    local layout
    for layout in "${switch_layouts[@]}"; do
        local dir="$disk/switch/$layout" format="${layout%%-*}"
        mkdir -p "$dir"
        java -cp "$classpath" org.vhdboot.bench.Fixtures parent "$dir/golden.$format" "$(size_of "$layout")"
        "$vhdboot" init --parent "$dir/golden.$format" --boot-store script --boot-folder 'C:\VHD' >/dev/null 2>&1
        head -c 4194304 /dev/urandom >"$dir/update.bin"
        "$vhdboot" vhd write "$dir/golden-Current.$format" --offset 0 --input "$dir/update.bin" >/dev/null
        "$vhdboot" image commit update --layout "$dir" >/dev/null
    done
    sync
}

bench_switch() {
    log "image switch, in process: JMH"
    VHDBOOT_BENCH_DIR="$disk" java -cp "$classpath" org.openjdk.jmh.Main SwitchBenchmark \
        -rf json -rff "$results/jmh-switch.json" >"$results/jmh-switch.txt" 2>&1
}

bench_add() {
    log "image add of a 2% update of 1 GiB against copying the whole parent"
    : >"$results/add.tsv"
    local format run
    for format in vhdx vhd; do
        rm -rf "$work/parent-$format" && mkdir -p "$work/parent-$format"
        java -cp "$classpath" org.vhdboot.bench.Fixtures parent "$work/parent-$format/golden.$format" $GIB
        for run in 1048576 65536; do
            rm -rf "$work/add" && mkdir -p "$work/add"
            java -cp "$classpath" org.vhdboot.bench.ImageAddBytes "$work/add" "$work/parent-$format/golden.$format" \
                "$run" 5 >>"$results/add.tsv"
        done
    done
    rm -rf "$work/add"
}

report() {
    {
        echo "# vhdboot benchmarks: golden-image versions, results of one run"
        echo
        echo "Written by \`bench/image-run.sh\` in $(($(date +%s) - started)) s at commit $(git -C "$root" rev-parse --short HEAD)"
        echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average"
        echo "$(cut -d' ' -f1-3 /proc/loadavg) at the end; $(java -version 2>&1 | head -1)."
        echo
        echo "## image switch in process (JMH, ms per switch)"
        echo
        echo "| layout | switch median | p90 | reset median (same run) | p90 |"
        echo "|---|---:|---:|---:|---:|"
        python3 - "$results/jmh-switch.json" <<'PY'
import json, sys
rows = {}
for run in json.load(open(sys.argv[1])):
    p = run["primaryMetric"]["scorePercentiles"]
    rows.setdefault(run["params"]["layout"], {})[run["benchmark"].rsplit(".", 1)[1]] = p
for layout, r in rows.items():
    s, t = r["imageSwitch"], r["resetForReference"]
    print(f"| {layout} | {s['50.0']:.1f} | {s['90.0']:.1f} | {t['50.0']:.1f} | {t['90.0']:.1f} |")
PY
        echo
        echo "## image add of an update that rewrites 2% of 1 GiB"
        echo
        echo "| format | update runs | parent file | layer file (moved by add) | layer stores | add (ms) | copy parent (ms) | moved / parent |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|"
        awk -F'\t' '{ printf "| %s | %d KiB | %.0f MiB | %.1f MiB | %.1f MiB | %s | %s | %.3f |\n", $1, $2/1024, $3/1048576, $4/1048576, $5/1048576, $6, $7, $4/$3 }' "$results/add.tsv"
    } >"$bench/image-results.md"
    log "wrote $bench/image-results.md"
}

build
fixtures
bench_switch
bench_add
report
