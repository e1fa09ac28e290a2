#!/usr/bin/env bash
# Benchmarks restore points and writes bench/snapshot-results.md:
#   1. snapshot create and revert in a warm JVM (JMH SnapshotBenchmark), with reset (ResetBenchmark) on the same
#      layouts, parents of 1 GiB, 127 GiB and 2 TiB (VHD: 2040 GiB) with 1 GiB written;
#   2. the whole process: vhdboot snapshot create and snapshot revert against vhdboot reset, alternating;
#   3. snapshot delete of a snapshot holding 512 MiB of random data into a fresh Current: the merge's throughput
#      against cat of the snapshot's file into a new file, flushed (sync FILE), both after the same fresh copy.
# About 10 minutes on 2 cores; about 12 GiB in VHDBOOT_BENCH_DIR (default /tmp/vhdboot-bench, on disk, so
# flushes are real). Timing assertions live nowhere: this script measures and reports.
set -euo pipefail

bench="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$bench")"
bench_name=snapshot-bench
# shellcheck source=bench/common.sh
source "$bench/common.sh"
disk="${VHDBOOT_BENCH_DIR:-/tmp/vhdboot-bench}/snapshots"
results="$disk/results"
vhdboot="$root/vhdboot"
layouts=(vhdx-1g vhdx-127g vhdx-2t vhd-1g vhd-127g vhd-2t)


# A parent of SIZE with 1 GiB of random data written, made into a layout with no boot store.
layout() {
    local dir="$1" format="$2" size="$3"
    rm -rf "$dir" && mkdir -p "$dir"
    java -cp "$classpath" org.vhdboot.bench.Fixtures parent "$dir/golden.$format" "$size"
    "$vhdboot" init --parent "$dir/golden.$format" --boot-store none >/dev/null 2>&1
}

make_fixtures() {
    local stamp="fixtures-$(cat "$bench/src/main/java/org/vhdboot/bench/Fixtures.java" "$0" | sha1sum | cut -c1-12)"
    if [[ ! -f "$disk/$stamp" ]]; then
        rm -rf "$disk" && mkdir -p "$disk"
        log "making layouts (parents with 1 GiB written) in $disk/snapshot"
        local name
        for name in "${layouts[@]}"; do
            layout "$disk/snapshot/$name" "${name%%-*}" "$(size_of "$name")"
        done
        log "making the merge templates: a snapshot of 512 MiB of random data under a fresh Current"
        head -c $((512 << 20)) /dev/urandom >"$disk/random.bin"
        local format
        for format in vhdx vhd; do
            layout "$disk/merge/$format/template" "$format" "$GIB"
            "$vhdboot" vhd write "$disk/merge/$format/template/golden-Current.$format" --offset 0 \
                --input "$disk/random.bin" >/dev/null
            "$vhdboot" snapshot create big --layout "$disk/merge/$format/template" >/dev/null
        done
        rm -f "$disk/random.bin"
        # ResetBenchmark reads $VHDBOOT_BENCH_DIR/reset/LAYOUT: the same layouts.
        ln -s snapshot "$disk/reset"
        touch "$disk/$stamp"
    fi
    rm -rf "$results" && mkdir -p "$results"
    sync
}

measure() {
    local out="$1" runs="$2" prepare="$3"
    shift 3
    local args=() pair round warmup=1
    for pair in "$@"; do
        args+=(--command-name "${pair%%=*}" "${pair#*=}")
    done
    for ((round = 1; round * 2 <= runs; round++)); do
        hyperfine --style none --runs 2 --warmup "$warmup" ${prepare:+--prepare "$prepare"} \
            --export-json "$results/$out.round$round.json" "${args[@]}" >>"$results/$out.txt" 2>&1
        warmup=0
    done
}

in_process() {
    log "in process: JMH ResetBenchmark, then SnapshotBenchmark (create, revert) on the same layouts"
    VHDBOOT_BENCH_DIR="$disk" java -cp "$classpath" org.openjdk.jmh.Main ResetBenchmark \
        -rf json -rff "$results/jmh-reset.json" >"$results/jmh-reset.txt" 2>&1
    VHDBOOT_BENCH_DIR="$disk" java -cp "$classpath" org.openjdk.jmh.Main SnapshotBenchmark \
        -rf json -rff "$results/jmh-snapshot.json" >"$results/jmh-snapshot.txt" 2>&1
}

whole_process() {
    log "whole process: snapshot create and revert against reset, 10 runs each, alternating"
    local name
    for name in "${layouts[@]}"; do
        local dir="$disk/snapshot/$name"
        measure "whole-$name" 10 "$vhdboot snapshot delete bench --yes --layout $dir >/dev/null 2>&1 || true" \
            "reset=$vhdboot reset --yes --layout $dir" \
            "create=$vhdboot snapshot create bench --layout $dir" \
            "revert=$vhdboot snapshot revert anchor --yes --layout $dir"
    done
}

merge() {
    log "delete: merge 512 MiB into a fresh Current against cat + sync of the snapshot file, 6 runs each"
    local format
    for format in vhdx vhd; do
        local base="$disk/merge/$format" work="$disk/merge/$format/work"
        measure "merge-$format" 6 "rm -rf $work $base/copy && cp -a $base/template $work && sync" \
            "delete=$vhdboot snapshot delete big --yes --layout $work" \
            "cat=sh -c 'cat $work/golden-s-big.$format > $base/copy && sync $base/copy'"
        stat -c %s "$base/template/golden-s-big.$format" >"$results/merge-$format.file-bytes"
        local round
        for round in 1 2 3; do
            rm -rf "$work" && cp -a "$base/template" "$work" && sync
            "$vhdboot" snapshot delete big --yes --json --layout "$work" >"$results/merge-$format.json.$round"
        done
        rm -rf "$work" "$base/copy"
    done
}

describe_machine() {
    {
        echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
        echo "memory=$(free -g | awk '/^Mem:/ {print $2}') GiB"
        echo "os=$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
        echo "java=$(java -version 2>&1 | head -n 1)"
        echo "hyperfine=$(hyperfine --version)"
        echo "disk=$(df -h --output=source,fstype "$disk" | tail -n 1 | tr -s ' ')"
        echo "commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
        echo "command=bench/snapshot-run.sh"
    } >"$results/machine.txt"
}

install_peers hyperfine=hyperfine mvn=maven javac=openjdk-17-jdk-headless
build
"$vhdboot" --version >/dev/null  # the first launcher run makes the AppCDS archive: before any timing
"$vhdboot" --version >/dev/null  # the first launcher run makes the AppCDS archive: before any timing
make_fixtures
describe_machine
in_process
whole_process
merge
echo "seconds=$(($(date +%s) - started))" >>"$results/machine.txt"
java -cp "$classpath" org.vhdboot.bench.SnapshotReport "$results" "$bench/snapshot-results.md"
log "done: $bench/snapshot-results.md"
