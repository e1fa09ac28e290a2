#!/usr/bin/env bash
# Benchmarks vhdboot side by side with qemu-img and the raw-copy limit, and writes bench/results.md.
# Every ratio compares two medians taken in this same run. About 6 minutes on 2 cores.
#
#   bench/run.sh            build, make fixtures (kept between runs), measure, write the report
#
# Environment: VHDBOOT_BENCH_DIR holds fixtures that must see real fsyncs (default /tmp/vhdboot-bench,
# on disk); VHDBOOT_BENCH_SHM holds read-only fixtures and outputs (default /dev/shm/vhdboot-bench,
# tmpfs, about 8 GiB). Timing assertions live nowhere: this script measures and reports.
set -euo pipefail

bench="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$bench")"
bench_name=bench
# shellcheck source=bench/common.sh
source "$bench/common.sh"
disk="${VHDBOOT_BENCH_DIR:-/tmp/vhdboot-bench}"
shm="${VHDBOOT_BENCH_SHM:-/dev/shm/vhdboot-bench}"
results="$disk/results"
vhdboot="$root/vhdboot"


fixtures() {
    java -cp "$classpath" org.vhdboot.bench.Fixtures "$@"
}

layouts=(vhdx-1g vhdx-127g vhdx-2t vhd-1g vhd-127g vhd-2t)

make_fixtures() {
    # Fixtures are reused while their recipe is unchanged; delete the folders to rebuild them.
    local stamp="fixtures-$(sha1sum "$bench/src/main/java/org/vhdboot/bench/Fixtures.java" | cut -c1-12)"
    if [[ ! -f "$disk/$stamp" ]]; then
        log "making reset layouts (parents with 1 GiB written) in $disk/reset"
        rm -rf "$disk/reset" "$disk"/fixtures-*
        for layout in "${layouts[@]}"; do
            local dir="$disk/reset/$layout" format="${layout%%-*}"
            mkdir -p "$dir"
            fixtures parent "$dir/golden.$format" "$(size_of "$layout")"
            "$vhdboot" init --parent "$dir/golden.$format" --boot-store none >/dev/null 2>&1
        done
        mkdir -p "$disk" && touch "$disk/$stamp"
    fi
    if [[ ! -f "$shm/$stamp" ]]; then
        rm -rf "$shm" && mkdir -p "$shm/out"
        log "making 127-deep chains over a fully allocated 1 GiB parent in $shm"
        fixtures chain "$shm/chain-64k" 127 65536
        fixtures chain "$shm/chain-4k" 127 4096
        qemu-img convert -O raw "$shm/chain-64k/parent.vhdx" "$shm/chain-64k/parent.raw"
        log "making the 1 GiB conversion input (half zeros, half random)"
        mkdir -p "$shm/convert" && fixtures raw "$shm/convert/input.raw"
        touch "$shm/$stamp"
    fi
    mkdir -p "$shm/out" "$disk/peer"
    rm -rf "$results" && mkdir -p "$results"
    # Let writeback finish so it does not run during the measurements.
    sync
}

# hyperfine in rounds of two runs per command, so that ours and the peer alternate and share the drift of a
# busy machine; NAME=COMMAND pairs become named commands. Report merges the rounds' times.
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

bench_reset() {
    log "reset, whole process: vhdboot reset (with and without AppCDS) and qemu-img create, 10 runs each"
    local layout
    for layout in "${layouts[@]}"; do
        local dir="$disk/reset/$layout" size format="${layout%%-*}" peer
        size="$(size_of "$layout")"
        if [[ $format == vhdx ]]; then
            peer="qemu-img create -q -f vhdx -o subformat=dynamic $disk/peer/new.vhdx $size"
        else
            peer="qemu-img create -q -f vpc -o subformat=dynamic,force_size=on $disk/peer/new.vhd $size"
        fi
        measure "reset-$layout" 10 "" \
            "ours=$vhdboot reset --yes --layout $dir" \
            "ours-no-appcds=VHDBOOT_APPCDS=off $vhdboot reset --yes --layout $dir" \
            "qemu-img=$peer"
    done
    log "reset, in process: JMH"
    VHDBOOT_BENCH_DIR="$disk" java -cp "$classpath" org.openjdk.jmh.Main ResetBenchmark \
        -rf json -rff "$results/jmh-reset.json" >"$results/jmh-reset.txt" 2>&1
}

bench_chain() {
    local chain="$shm/chain-64k" out="$shm/out/flat.raw"
    log "chain reads, in process: JMH, depth raw/0/1/8/32/127 (64 KiB runs) and 1/127 (4 KiB runs)"
    VHDBOOT_BENCH_DIR="$shm" java -cp "$classpath" org.openjdk.jmh.Main ChainReadBenchmark \
        -p depth=raw,0,1,8,32,127 -p run=64k -rf json -rff "$results/jmh-chain.json" >"$results/jmh-chain.txt" 2>&1
    VHDBOOT_BENCH_DIR="$shm" java -cp "$classpath" org.openjdk.jmh.Main ChainReadBenchmark \
        -p depth=1,127 -p run=4k -rf json -rff "$results/jmh-chain-4k.json" >"$results/jmh-chain-4k.txt" 2>&1
    log "chain reads, side by side: qemu-img bench and depths 1/127 in alternation (15 rounds), cat to /dev/null"
    java -cp "$classpath" org.vhdboot.bench.PairedRead "$chain" "$shm/chain-4k" 15 >"$results/paired-read.tsv"
    measure read 10 "" "cat=cat $chain/parent.raw > /dev/null"
    log "chain reads, whole process: vhd convert to raw on tmpfs by depth, qemu-img convert, cat"
    local depth commands=()
    commands+=("cat=cat $chain/parent.raw > $out")
    commands+=("qemu-img=qemu-img convert -O raw $chain/parent.vhdx $out")
    commands+=("ours-0=$vhdboot vhd convert $chain/parent.vhdx $out")
    for depth in 1 8 32 127; do
        commands+=("ours-$depth=$vhdboot vhd convert $chain/child-$(printf %03d "$depth").vhdx $out")
    done
    measure convert-chain 8 "rm -f $out" "${commands[@]}"
    # The flattened depth-127 chain must read as the chain does.
    rm -f "$out"
    "$vhdboot" vhd convert "$chain/child-127.vhdx" "$out" >/dev/null
    java -Xmx1536m -cp "$classpath" org.vhdboot.bench.Fixtures verify-chain "$chain" 127 65536 "$out" \
        >"$results/chain-check.txt"
    rm -f "$out"
}

bench_convert() {
    local input="$shm/convert/input.raw" out="$shm/out"
    log "conversion of 1 GiB raw (half zeros): vhd convert vs qemu-img convert, and cat"
    measure convert-raw 6 "rm -f $out/ours.vhdx $out/ours.vhd $out/qemu.vhdx $out/qemu.vhd $out/copy.raw" \
        "cat=cat $input > $out/copy.raw" \
        "ours-vhdx=$vhdboot vhd convert $input $out/ours.vhdx" \
        "qemu-img-vhdx=qemu-img convert -O vhdx -o subformat=dynamic $input $out/qemu.vhdx" \
        "ours-vhd=$vhdboot vhd convert $input $out/ours.vhd" \
        "qemu-img-vhd=qemu-img convert -O vpc -o subformat=dynamic,force_size=on $input $out/qemu.vhd"
    log "checking the converted images: same bytes, zero blocks unallocated"
    rm -f "$out"/ours.* "$out"/qemu.*
    "$vhdboot" vhd convert "$input" "$out/ours.vhdx" >/dev/null
    "$vhdboot" vhd convert "$input" "$out/ours.vhd" >/dev/null
    qemu-img convert -O vhdx -o subformat=dynamic "$input" "$out/qemu.vhdx"
    qemu-img convert -O vpc -o subformat=dynamic,force_size=on "$input" "$out/qemu.vhd"
    local image
    : >"$results/allocation.tsv"
    for image in ours.vhdx qemu.vhdx ours.vhd qemu.vhd; do
        local same=no allocated
        # qemu-img sizes a VHD by its CHS geometry unless told to use the footer's current size, as Windows does.
        local driver=vhdx
        [[ $image == *.vhd ]] && driver="vpc,force_size_calc=current_size"
        qemu-img compare -q --image-opts "driver=raw,file.filename=$input" \
            "driver=$driver,file.filename=$out/$image" && same=yes
        allocated=$("$vhdboot" vhd info --json "$out/$image" | java -cp "$classpath" org.vhdboot.bench.Report field allocated_bytes)
        printf '%s\t%s\t%s\n' "$image" "$allocated" "$same" >>"$results/allocation.tsv"
    done
}

peak_rss() {
    # Peak resident set size in KiB of one run of a command.
    /usr/bin/time -f '%M' -o "$results/rss.tmp" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$results/rss.tmp"
}

bench_memory() {
    log "memory: peak RSS of info, check, reset on 2 TiB and convert of 1 GiB"
    : >"$results/memory.tsv"
    local layout
    for layout in vhdx-2t vhd-2t; do
        local dir="$disk/reset/$layout" format="${layout%%-*}" qformat
        [[ $format == vhdx ]] && qformat=vhdx || qformat=vpc
        local size
        size="$(size_of "$layout")"
        printf '%s\t%s\t%s\n' "info $layout" "$(peak_rss "$vhdboot" vhd info "$dir/golden.$format")" \
            "$(peak_rss qemu-img info "$dir/golden.$format")" >>"$results/memory.tsv"
        local peer_check=""  # qemu-img has no check for VHD
        [[ $format == vhdx ]] && peer_check="$(peak_rss qemu-img check -f vhdx "$dir/golden.vhdx")"
        printf '%s\t%s\t%s\n' "check $layout" "$(peak_rss "$vhdboot" vhd check "$dir/golden.$format")" \
            "$peer_check" >>"$results/memory.tsv"
        printf '%s\t%s\t%s\n' "reset $layout" "$(peak_rss "$vhdboot" reset --yes --layout "$dir")" \
            "$(peak_rss qemu-img create -q -f "$qformat" "$disk/peer/new.$format" "$size")" >>"$results/memory.tsv"
    done
    rm -f "$shm/out"/*.vhdx
    printf '%s\t%s\t%s\n' "convert 1 GiB raw to vhdx" \
        "$(peak_rss "$vhdboot" vhd convert "$shm/convert/input.raw" "$shm/out/ours.vhdx")" \
        "$(peak_rss qemu-img convert -O vhdx "$shm/convert/input.raw" "$shm/out/qemu.vhdx")" >>"$results/memory.tsv"
    rm -f "$results/rss.tmp" "$shm/out"/*
}

describe_machine() {
    {
        echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
        echo "memory=$(free -g | awk '/^Mem:/ {print $2}') GiB"
        echo "os=$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
        echo "java=$(java -version 2>&1 | head -n 1)"
        echo "qemu-img=$(qemu-img --version | head -n 1)"
        echo "hyperfine=$(hyperfine --version)"
        echo "disk=$(df -h --output=source,fstype "$disk" | tail -n 1 | tr -s ' ')"
        echo "shm=$(df -h --output=source,fstype "$shm" | tail -n 1 | tr -s ' ')"
        echo "commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
        echo "command=bench/run.sh"
    } >"$results/machine.txt"
}

install_peers qemu-img=qemu-utils hyperfine=hyperfine /usr/bin/time=time mvn=maven javac=openjdk-17-jdk-headless
build
"$vhdboot" --version >/dev/null  # the first launcher run makes the AppCDS archive: before any timing
"$vhdboot" --version >/dev/null  # the first launcher run makes the AppCDS archive: before any timing
make_fixtures
describe_machine
bench_reset
bench_chain
bench_convert
bench_memory
echo "seconds=$(($(date +%s) - started))" >>"$results/machine.txt"
java -cp "$classpath" org.vhdboot.bench.Report write "$results" "$bench/results.md"
log "done: $bench/results.md"
