#!/usr/bin/env bash
# Benchmarks fleet updates (image push and image pull, issue 15) and writes bench/fleet-results.md:
#   1. a master layout on a blank 1 GiB base with three versions: "full", a whole NTFS golden image (mkntfs, filled
#      with this machine's files through ntfs-3g), then "u1" and "u2", each rewriting 2% of the disk; pushed to a
#      loopback docker-registry, zstd-compressed (and "full" once more uncompressed, to a second repository);
#   2. bytes moved: the second push uploads only u2; a lab layout pulls u1 (its first deployment: full and u1),
#      then u2, which transfers only u2's layer, compared with the whole golden image;
#   3. pull throughput: the whole `vhdboot image pull` process (download, digest, unpack, SHA-256, vhd check,
#      relocation, SHA-256 of the recorded file) of "full", zstd and uncompressed, against `curl -o` fetching the
#      same blob, alternating, same run; and the download alone (OciPull paired, the client in a warm JVM);
#   4. peak RSS of each whole-process pull;
#   5. the same rounds over loopback shaped like a lab's network (tc's token bucket at 1 Gbit/s and 2.5 Gbit/s), where
#      the wire, not the 2 cores, is the bound. After the build, the script runs in a network namespace of its own
#      (unshare -n), so the loopback it shapes is no other process's, and goes with it however the script ends.
# About 4 minutes on 2 cores once the fixture exists; needs root (the NTFS fixture mounts through FUSE; unshare and tc)
# and about 9 GiB of tmpfs.
#
# Environment: VHDBOOT_BENCH_SHM (default /dev/shm/vhdboot-bench) holds everything; ROUNDS (default 5) of the whole
# process, DOWNLOAD_ROUNDS (default 11) of the download alone;
# LINK_RATES (default "1gbit 2500mbit"; empty skips step 5) and LINK_ROUNDS (default 3).
set -euo pipefail

bench="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$bench")"
bench_name=fleet-bench
# shellcheck source=bench/common.sh
source "$bench/common.sh"
shm="${VHDBOOT_BENCH_SHM:-/dev/shm/vhdboot-bench}/fleet"
out="$shm/results"
rounds="${ROUNDS:-5}"
# The download alone is a second or two a round: more rounds steady its median on a machine shared with others.
download_rounds="${DOWNLOAD_ROUNDS:-11}"
jar="$root/target/vhdboot.jar"
# The launcher's flags for `image` commands (vhdboot): no TieredStopAtLevel=1, whose C1 code has no SHA-256 intrinsic.
jvm=(-XX:+UseSerialGC -Xms96m -Xmn64m -XX:PretenureSizeThreshold=1m -Xmx1g -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -Xlog:all=warning:stderr)

vhdboot() { java "${jvm[@]}" -jar "$jar" "$@"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {'d': d}))" "$@"; }

layouts() {
    log "the NTFS golden image, 1 GiB (kept between runs)"
    bash "$bench/oci-ntfs-fixture.sh" "$shm/fixture" 1G
    rm -rf "$shm/master" "$shm/lab-pristine"
    mkdir -p "$shm/master" "$shm/lab-pristine"
    log "master layout: blank base, full (the NTFS image), u1 and u2 (2% each)"
    vhdboot vhd create "$shm/master/Win11.vhdx" --size 1G >/dev/null
    cp -a "$shm/master/Win11.vhdx" "$shm/lab-pristine/"
    # Both seen by Windows as C:\VHD, as machines deployed alike are: a pulled layer's locators fit as published.
    vhdboot init --parent "$shm/master/Win11.vhdx" --boot-store none --boot-folder 'C:\VHD' >/dev/null
    vhdboot init --parent "$shm/lab-pristine/Win11.vhdx" --boot-store none --boot-folder 'C:\VHD' >/dev/null
    java -cp "$classpath" org.vhdboot.bench.FleetImages copy "$shm/master" full base "$shm/fixture/ntfs.vhdx"
    java -cp "$classpath" org.vhdboot.bench.FleetImages update "$shm/master" u1 full 2 1
    java -cp "$classpath" org.vhdboot.bench.FleetImages update "$shm/master" u2 u1 2 2
    ls -l "$shm/master" >"$out/master.txt"
}

pushes() {
    local registry="oci://127.0.0.1:$port"
    log "push u1 (base, full, u1), then u2, then full uncompressed"
    local t0
    t0=$(now_ms)
    vhdboot image push u1 "$registry/fleet/win11:u1" --layout "$shm/master" --insecure -q --json >"$out/push-u1.json"
    echo $(($(now_ms) - t0)) >"$out/push-u1.ms"
    t0=$(now_ms)
    vhdboot image push u2 "$registry/fleet/win11:u2" --layout "$shm/master" --insecure -q --json >"$out/push-u2.json"
    echo $(($(now_ms) - t0)) >"$out/push-u2.ms"
    vhdboot image push full "$registry/fleet/win11:full" --layout "$shm/master" --insecure -q >/dev/null
    vhdboot image push full "$registry/fleet/raw:full" --layout "$shm/master" --insecure -q --compression none \
        --json >"$out/push-raw.json"
}

update_bytes() {
    local registry="oci://127.0.0.1:$port"
    log "lab: pull u1 (first deployment), then u2"
    rm -rf "$shm/lab"
    cp -a "$shm/lab-pristine" "$shm/lab"
    vhdboot image pull "$registry/fleet/win11:u1" --layout "$shm/lab" --insecure -q --json >"$out/pull-u1.json"
    vhdboot image pull "$registry/fleet/win11:u2" --layout "$shm/lab" --insecure -q --json >"$out/pull-u2.json"
}

# One round: a fresh lab pulls "full" from REPO (the whole process, timed with peak RSS), curl fetches its blob; the
# two take turns going first (the round's number decides), so a moment's load on this shared machine favours neither.
round() {
    local repo="$1" digest="$2" name="$3" number="${4:-0}"
    if (( number % 2 )); then
        peer_fetch "$repo" "$digest"
        our_pull "$repo"
    else
        our_pull "$repo"
        peer_fetch "$repo" "$digest"
    fi
    local download
    download=$(json "$out/round.json" "[l for l in d['layers'] if l['status'] == 'pulled'][0]['download_millis']")
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$ours" "$peer" "$(cat "$out/rss.tmp")" "$download" >>"$out/rounds.tsv"
}

# Every fetch, ours or curl's, starts with no earlier output in tmpfs. This VM's host backs guest memory lazily: a
# 1 GiB write into memory not recently freed paid host faults (0.6-3 s instead of 0.2), so a fetch that ran while
# the other side's 1 GiB was still there lost up to half its speed, and the one that went second in a round paid it.
free_outputs() {
    rm -rf "$shm/lab" "$shm/curl.out"
}

# The launcher, as an admin runs it: its JVM options for `image` and its class-data archive. Sets ours (ms).
our_pull() {
    free_outputs
    cp -a "$shm/lab-pristine" "$shm/lab"
    local t0
    t0=$(now_ms)
    /usr/bin/time -f '%M' -o "$out/rss.tmp" "$root/vhdboot" image pull \
        "oci://127.0.0.1:$port/fleet/$1:full" --layout "$shm/lab" --insecure -q --json >"$out/round.json"
    ours=$(($(now_ms) - t0))
}

# curl fetching the same blob to a file. Sets peer (ms).
peer_fetch() {
    free_outputs
    local t0
    t0=$(now_ms)
    curl -s -f -o "$shm/curl.out" "http://127.0.0.1:$port/v2/fleet/$1/blobs/$2"
    peer=$(($(now_ms) - t0))
}

throughput() {
    log "pull throughput: whole process against curl, $rounds rounds after one warm-up, zstd and uncompressed"
    : >"$out/rounds.tsv"
    local zstd_digest raw_digest zstd_size raw_size
    zstd_digest=$(json "$out/push-u1.json" "d['layers'][1]['digest']")
    raw_digest=$(json "$out/push-raw.json" "d['layers'][1]['digest']")
    zstd_size=$(json "$out/push-u1.json" "d['layers'][1]['blob_size']")
    raw_size=$(json "$out/push-raw.json" "d['layers'][1]['blob_size']")
    echo "$zstd_size" >"$out/zstd.size"
    echo "$raw_size" >"$out/raw.size"
    round win11 "$zstd_digest" warmup
    for number in $(seq "$rounds"); do
        round win11 "$zstd_digest" zstd "$number"
        round raw "$raw_digest" raw "$number"
    done
    free_outputs
    rm -f "$out/rss.tmp" "$out/round.json"
    log "download alone (the client in a warm JVM, SHA-256 while streaming), $download_rounds rounds each, against curl"
    mkdir -p "$shm/dl"
    echo "$download_rounds" >"$out/download.rounds"
    java "${jvm[@]}" -cp "$classpath" org.vhdboot.bench.OciPull paired "127.0.0.1:$port" fleet/win11 "$zstd_digest" \
        "$zstd_size" "$shm/dl" "$download_rounds" "$registry_pid" >"$out/download.tsv"
    java "${jvm[@]}" -cp "$classpath" org.vhdboot.bench.OciPull paired "127.0.0.1:$port" fleet/raw "$raw_digest" \
        "$raw_size" "$shm/dl" "$download_rounds" "$registry_pid" >"$out/download-raw.tsv"
}

# The rounds again with loopback shaped to each rate of LINK_RATES, as the network between a lab and its registry is.
shaped_link() {
    : >"$out/link-rounds.tsv"
    local rates="${LINK_RATES-1gbit 2500mbit}" rate zstd_digest raw_digest
    if [[ -z $rates ]] || ! command -v tc >/dev/null; then
        log "no shaped link (LINK_RATES empty or no tc)"
        return
    fi
    zstd_digest=$(json "$out/push-u1.json" "d['layers'][1]['digest']")
    raw_digest=$(json "$out/push-raw.json" "d['layers'][1]['digest']")
    if [[ $(readlink /proc/self/ns/net) == "$(readlink /proc/1/ns/net)" ]]; then
        log "not in a network namespace of its own: loopback is not shaped"
        return
    fi
    trap 'tc qdisc del dev lo root 2>/dev/null || true; kill $registry_pid 2>/dev/null || true' EXIT
    for rate in $rates; do
        log "pull throughput over loopback shaped to $rate, ${LINK_ROUNDS:-3} rounds"
        tc qdisc replace dev lo root tbf rate "$rate" burst 1mb latency 50ms
        for number in $(seq "${LINK_ROUNDS:-3}"); do
            round win11 "$zstd_digest" "zstd@$rate" "$number"
            round raw "$raw_digest" "raw@$rate" "$number"
        done
        tc qdisc del dev lo root
    done
    grep '@' "$out/rounds.tsv" >"$out/link-rounds.tsv" || true
}

report() {
    local md="$bench/fleet-results.md"
    python3 - "$out" "$md" "$(($(date +%s) - started))" "$(git -C "$root" rev-parse --short HEAD)" "$bench" <<'EOF'
import json, statistics, sys, os
out, md, seconds, commit, bench = sys.argv[1:6]
sys.path.insert(0, bench)
from cpu_floor import floor_text
load = lambda name: json.load(open(os.path.join(out, name)))
p1, p2, raw = load("push-u1.json"), load("push-u2.json"), load("push-raw.json")
l1, l2 = load("pull-u1.json"), load("pull-u2.json")
MiB = 1 << 20
rounds = [line.rstrip("\n").split("\t") for line in open(os.path.join(out, "rounds.tsv")) if "@" not in line]
def med(kind, col):
    return statistics.median(float(r[col]) for r in rounds if r[0] == kind)
sizes = {"zstd": int(open(os.path.join(out, "zstd.size")).read()), "raw": int(open(os.path.join(out, "raw.size")).read())}
full = p1["layers"][1]
lines = []
w = lines.append
w("# Fleet update benchmarks: results of one run")
w("")
w("Written by `bench/fleet-run.sh` in %s s at commit %s. Machine: %s, %d cores; load average at the end: %s." % (
    seconds, commit, open("/proc/cpuinfo").read().split("model name")[1].split(":")[1].split("\n")[0].strip(),
    os.cpu_count(), " ".join(open("/proc/loadavg").read().split()[:3])))
w("")
w("## Versions and what moves")
w("")
w("| version | image file | blob (zstd) | ratio |")
w("|---|---:|---:|---:|")
for layer in p2["layers"]:
    w("| %s | %.1f MiB | %.1f MiB | %.3f |" % (layer["version"], layer["uncompressed_size"] / MiB, layer["blob_size"] / MiB,
                                              layer["blob_size"] / max(1, layer["uncompressed_size"])))
w("")
w("Push of u1 (base, full, u1): %.1f MiB uploaded in %s ms; push of u2: %s, %.1f MiB uploaded in %s ms." % (
    p1["bytes_uploaded"] / MiB, open(os.path.join(out, "push-u1.ms")).read().strip(),
    ", ".join(l["version"] + " " + l["result"] + (" (compressed)" if l.get("compressed") else "")
              for l in p2["layers"]), p2["bytes_uploaded"] / MiB,
    open(os.path.join(out, "push-u2.ms")).read().strip()))
w("")
w("Lab pull of u1 (first deployment): %s; %.1f MiB transferred." % (
    ", ".join(l["local_version"] + " " + l["status"] for l in l1["layers"]), l1["bytes_transferred"] / MiB))
w("Lab pull of u2: %s; **%.1f MiB transferred**, against %.1f MiB for the whole golden image as a zstd blob"
  " (%.1f MiB uncompressed): %.1f%% of it." % (
    ", ".join(l["local_version"] + " " + l["status"] for l in l2["layers"]), l2["bytes_transferred"] / MiB,
    full["blob_size"] / MiB, full["uncompressed_size"] / MiB, 100.0 * l2["bytes_transferred"] / full["blob_size"]))
w("")
w("## Pull throughput (the golden image's layer, medians of %d alternating rounds)" % (len(rounds) // 2))
w("")
w("| layer | blob | curl -o | the pull's download (its `download_millis`) | download / curl"
  " | `vhdboot image pull` (whole process) | whole / curl | pull peak RSS |")
w("|---|---:|---:|---:|---:|---:|---:|---:|")
for kind in ("zstd", "raw"):
    ours, peer, download = med(kind, 1), med(kind, 2), med(kind, 4)
    w("| %s | %.1f MiB | %.0f ms, %.0f MB/s | %.0f ms, %.0f MB/s | %.0f%% | %.0f ms | %.0f%% | %.0f MB |" % (
        kind, sizes[kind] / MiB, peer, sizes[kind] / 1e3 / peer, download, sizes[kind] / 1e3 / download,
        100 * peer / download, ours, 100 * peer / ours, med(kind, 3) / 1024))
w("")
w("Download alone (`OciPull paired`: the client in a warm JVM, SHA-256 verified while streaming into a part file;"
  " %s rounds after 2 warm-ups, the two fetches of a round back to back, taking turns to go first):" % (
    open(os.path.join(out, "download.rounds")).read().strip()))
w("")
w("| blob | vhdboot | curl | vhdboot / curl (medians) | vhdboot / curl (median of the rounds' ratios) |")
w("|---|---:|---:|---:|---:|")
for kind, name in (("zstd", "download.tsv"), ("raw", "download-raw.tsv")):
    rows = dict((r.split("\t")[0], r.split("\t")) for r in open(os.path.join(out, name)).read().split("\n") if r)
    w("| %s | %s ms, %s MB/s | %s ms, %s MB/s | %.0f%% | %.0f%% |" % (kind, rows["ours"][1], rows["ours"][2],
      rows["curl"][1], rows["curl"][2], 100 * float(rows["ours"][2]) / float(rows["curl"][2]),
      100 * float(rows["pairs"][1])))
w("")
w("Uncompressed blob: " + floor_text(os.path.join(out, "download-raw.tsv")))
link = [line.rstrip("\n").split("\t") for line in open(os.path.join(out, "link-rounds.tsv"))]
if link:
    w("")
    w("## Over a lab's network (loopback shaped by tc's token bucket; medians of %d alternating rounds)" % (
        len([r for r in link if r[0] == link[0][0]])))
    w("")
    w("On loopback the 2 cores are the bound, shared by the registry, curl and the pull. Shaped to a network's rate, the"
      " wire is, as it is between a lab and its registry:")
    w("")
    w("| layer @ rate | curl -o | the pull's download | download / curl | `vhdboot image pull` (whole process) | whole / curl |")
    w("|---|---:|---:|---:|---:|---:|")
    for kind in dict.fromkeys(r[0] for r in link):
        rows = [r for r in link if r[0] == kind]
        m = lambda col: statistics.median(float(r[col]) for r in rows)
        w("| %s | %.0f ms | %.0f ms | %.0f%% | %.0f ms | %.0f%% |" % (kind.replace("@", " @ "), m(2), m(4),
          100 * m(2) / m(4), m(1), 100 * m(2) / m(1)))
open(md, "w").write("\n".join(lines) + "\n")
EOF
    log "done: $md"
}

if [[ ${VHDBOOT_BENCH_NETNS:-} != 1 ]]; then
    mkdir -p "$out"
    install_peers docker-registry=docker-registry curl=curl mkntfs=ntfs-3g qemu-img=qemu-utils /usr/bin/time=time \
        ip=iproute2 tc=iproute2 unshare=util-linux
    build
    if unshare -n true 2>/dev/null; then
        VHDBOOT_BENCH_NETNS=1 VHDBOOT_BENCH_STARTED=$started exec unshare -n bash "$bench/fleet-run.sh"
    fi
else
    ip link set lo up
    bench_classpath
fi
layouts
rm -rf "$shm/registry"
start_registry "$shm/registry" "$out/registry.log"
pushes
update_bytes
throughput
shaped_link
kill "$registry_pid"
trap - EXIT
report
