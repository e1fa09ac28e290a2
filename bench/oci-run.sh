#!/usr/bin/env bash
# Benchmarks the OCI layer transport and writes bench/oci-results.md:
#   1. layer compression (zstd levels, xz presets) on a realistic NTFS image in a VHDX, and vhdboot's zstd
#      streams over the whole image with a 64 MiB heap (peak RSS);
#   2. blob downloads from a loopback docker-registry: vhdboot's client (in a warm JVM, SHA-256 verified while
#      streaming into a part file) against curl fetching the same blob to a file, alternating, same run;
#   3. peak RSS of a whole-process download of a 1 GiB and a 3 GiB blob.
# About 10 minutes on 2 cores. Needs root (the NTFS fixture mounts through FUSE).
#
# Environment: VHDBOOT_BENCH_SHM (default /dev/shm/vhdboot-bench) holds the fixture, the registry's storage
# and the downloads (about 12 GiB at peak).
set -euo pipefail

bench="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$bench")"
bench_name=oci-bench
# shellcheck source=bench/common.sh
source "$bench/common.sh"
shm="${VHDBOOT_BENCH_SHM:-/dev/shm/vhdboot-bench}/oci"
out="$shm/results"


# The launcher's JVM flags (vhdboot), except -XX:TieredStopAtLevel=1: C1 code has no SHA-256 intrinsic.
jvm=(-XX:+UseSerialGC -Xms96m -Xmn64m -XX:PretenureSizeThreshold=1m -Xmx1g -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000)

compression() {
    log "making the NTFS fixture (kept between runs)"
    bash "$bench/oci-ntfs-fixture.sh" "$shm/fixture"
    log "compression: 4 slices of 64 MiB, every candidate"
    java -Xmx2g -cp "$classpath" org.vhdboot.bench.OciCompression sample "$shm/fixture/ntfs.vhdx" 4 64 >"$out/compression.tsv"
    log "compression: vhdboot's zstd streams over the whole image, 64 MiB heap"
    /usr/bin/time -f '%M' -o "$out/stream-rss.txt" java -XX:+UseSerialGC -Xmx64m -cp "$classpath" \
        org.vhdboot.bench.OciCompression stream "$shm/fixture/ntfs.vhdx" >"$out/stream.tsv"
}

downloads() {
    start_registry "$shm/registry" "$out/registry.log"
    local size name digest
    for size in 1 3; do
        name="blob-${size}g"
        [[ -f $shm/$name ]] || java -cp "$classpath" org.vhdboot.bench.OciPull make "$shm/$name" $((size * GIB))
        digest=$(java -cp "$classpath" org.vhdboot.bench.OciPull push "127.0.0.1:$port" bench/blob "$shm/$name")
        echo "$digest" >"$out/$name.digest"
    done
    mkdir -p "$shm/out"
    log "downloads: 1 GiB, ours and curl alternating, 9 rounds after 2 warm-up rounds"
    java "${jvm[@]}" -cp "$classpath" org.vhdboot.bench.OciPull paired "127.0.0.1:$port" bench/blob \
        "$(cat "$out/blob-1g.digest")" $GIB "$shm/out" 9 "$registry_pid" >"$out/paired.tsv"
    log "downloads: peak RSS and time of one whole-process download, 1 GiB and 3 GiB"
    : >"$out/rss.tsv"
    for size in 1 3; do
        rm -f "$shm/out/p"
        /usr/bin/time -f '%M %e' -o "$out/time.tmp" java "${jvm[@]}" -cp "$classpath" org.vhdboot.bench.OciPull fetch \
            "127.0.0.1:$port" bench/blob "$(cat "$out/blob-${size}g.digest")" $((size * GIB)) "$shm/out/p"
        printf '%s GiB\t%s\n' "$size" "$(cat "$out/time.tmp")" >>"$out/rss.tsv"
    done
    rm -f "$shm/out/p"
    /usr/bin/time -f '%M %e' -o "$out/time.tmp" java "${jvm[@]}" -XX:TieredStopAtLevel=1 -cp "$classpath" \
        org.vhdboot.bench.OciPull fetch "127.0.0.1:$port" bench/blob "$(cat "$out/blob-1g.digest")" $GIB "$shm/out/p"
    printf '1 GiB, C1 only\t%s\n' "$(cat "$out/time.tmp")" >>"$out/rss.tsv"
    rm -f "$shm/out/p" "$out/time.tmp"
    kill "$registry_pid"
    trap - EXIT
}

report() {
    local md="$bench/oci-results.md"
    {
        echo "# OCI benchmarks: results of one run"
        echo
        echo "Written by \`bench/oci-run.sh\` in $(($(date +%s) - started)) s at commit $(git -C "$root" rev-parse --short HEAD)."
        echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; $(java -version 2>&1 | head -n 1);"
        echo "$(docker-registry --version); $(curl --version | head -n 1 | cut -d' ' -f1-2). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
        echo
        echo "## Compression (4 slices of 64 MiB of the NTFS VHDX, one thread unless said)"
        echo
        echo "| codec | compressed / original | compress MB/s | decompress MB/s |"
        echo "|---|---:|---:|---:|"
        awk -F'\t' '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "$out/compression.tsv"
        echo
        echo "Whole image through vhdboot's zstd streams (64 MiB heap):"
        awk -F'\t' -v rss="$(cat "$out/stream-rss.txt")" '{printf "%.2f GiB to %.2f GiB (%s), compress %s MB/s, decompress %s MB/s, peak RSS %d MB.\n", $1/2^30, $2/2^30, $3, $4, $5, rss/1024}' "$out/stream.tsv"
        echo
        echo "## Downloads from a loopback docker-registry (1 GiB of random bytes, medians of 9 alternating rounds)"
        echo
        echo "| client | median | MB/s | client CPU | registry CPU |"
        echo "|---|---:|---:|---:|---:|"
        awk -F'\t' '$1 == "ours" || $1 == "curl" {printf "| %s | %.0f ms | %s | %s ms | %s ms |\n", $1, $2, $3, $4, $5}' \
            "$out/paired.tsv"
        awk -F'\t' '$1 == "ours" {ours=$3} $1 == "curl" {curl=$3} $1 == "pairs" {pairs=$2}
            END {printf "\nvhdboot / curl throughput: %.0f%% (medians), %.0f%% (median of the rounds'"'"' ratios).\n",
                 100*ours/curl, 100*pairs}' "$out/paired.tsv"
        python3 "$bench/cpu_floor.py" "$out/paired.tsv"
        echo
        echo "Whole-process download (JVM flags of the launcher without TieredStopAtLevel=1):"
        echo
        echo "| blob | peak RSS | seconds |"
        echo "|---|---:|---:|"
        awk -F'\t' '{split($2, v, " "); printf "| %s | %d MB | %s |\n", $1, v[1]/1024, v[2]}' "$out/rss.tsv"
    } >"$md"
    log "done: $md"
}

mkdir -p "$out"
install_peers docker-registry=docker-registry curl=curl mkntfs=ntfs-3g qemu-img=qemu-utils /usr/bin/time=time
build
compression
downloads
report
