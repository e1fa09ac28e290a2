# Shared by the bench/*-run.sh scripts (sourced, not run). The sourcing script sets, before it sources this file:
#   bench_name   the tag of its log lines;  bench, root   its folder and the repository's.
# shellcheck shell=bash

# A script that runs itself again (in a namespace of its own, say) passes its start on in VHDBOOT_BENCH_STARTED.
started=${VHDBOOT_BENCH_STARTED:-$(date +%s)}
GIB=$((1 << 30))

log() { printf '[%s %3ds] %s\n' "$bench_name" $(($(date +%s) - started)) "$*" >&2; }

# install_peers COMMAND=PACKAGE...: installs the Debian packages whose command is missing (/usr/bin/time: a path).
install_peers() {
    local missing=() pair command
    for pair in "$@"; do
        command="${pair%%=*}"
        if [[ $command == /* ]]; then
            [[ -x $command ]] || missing+=("${pair#*=}")
        else
            command -v "$command" >/dev/null || missing+=("${pair#*=}")
        fi
    done
    if (( ${#missing[@]} )); then
        log "installing ${missing[*]}"
        local sudo_cmd=()
        if [[ $(id -u) != 0 ]] && command -v sudo >/dev/null; then sudo_cmd=(sudo); fi
        export DEBIAN_FRONTEND=noninteractive
        "${sudo_cmd[@]}" apt-get update -qq || true
        "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Builds vhdboot and the benchmarks; sets classpath (bench classes and their dependencies).
build() {
    log "building vhdboot and the benchmarks"
    mvn -B -q -Dstyle.color=never -f "$root/pom.xml" -DskipTests install >&2
    mvn -B -q -Dstyle.color=never -f "$bench/pom.xml" package >&2
    bench_classpath
}

# Sets classpath from what build made.
bench_classpath() {
    classpath="$bench/target/classes:$(cat "$bench/target/classpath.txt")"
}

# start_registry FOLDER LOG: a plain-HTTP docker-registry on 127.0.0.1 storing under FOLDER; sets port and
# registry_pid, and stops it when the script exits.
start_registry() {
    local folder="$1" logfile="$2"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$folder"
    cat >"$folder.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $folder
http:
  addr: 127.0.0.1:$port
  secret: vhdboot-bench
YML
    docker-registry serve "$folder.yml" >"$logfile" 2>&1 &
    registry_pid=$!
    trap 'kill $registry_pid 2>/dev/null || true' EXIT
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && return 0
        sleep 0.1
    done
    echo "docker-registry did not start" >&2
    exit 1
}

# size_of FIXTURE: the virtual size of a fixture named like vhdx-1g, vhd-127g, vhdx-2t.
size_of() {
    case "$1" in
        *-1g) echo $GIB ;;
        *-127g) echo $((127 * GIB)) ;;
        vhdx-2t) echo $((2048 * GIB)) ;;
        vhd-2t) echo $((2040 * GIB)) ;;  # the VHD format stops at 2040 GiB
    esac
}
