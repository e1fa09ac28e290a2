#!/usr/bin/env python3
"""The CPU budget of one blob download on loopback, from the rows `OciPull paired` prints (bench/oci-run.sh and
bench/fleet-run.sh): where client, curl and registry share this machine's cores, the least time a client that
verifies SHA-256 while it streams can take, and so the best share of curl's throughput this machine can show."""
import os
import sys


def floor_text(tsv):
    rows = {}
    for line in open(tsv):
        fields = line.rstrip("\n").split("\t")
        rows[fields[0]] = [float(v) for v in fields[1:]]
    ours, curl, sha = rows["ours"], rows["curl"], rows["sha256"][0]
    if len(ours) < 4 or ours[3] < 0:
        return "(CPU not measured: no registry process id)"
    cores = os.cpu_count()
    registry = ours[3]
    # A verifying client copies what curl copies (curl's CPU is almost all kernel copies) and hashes every byte.
    client_floor = curl[2] + sha
    # However the work is spread over threads, the hash of one stream runs on one of them.
    floor_ms = max(sha, (registry + client_floor) / cores)
    return ("CPU per fetch (medians): vhdboot %.0f ms, curl %.0f ms, the registry %.0f ms while vhdboot fetched; "
            "SHA-256 of the blob in memory %.0f ms. A verifying client needs at least curl's copies and the hash, "
            "%.0f ms of CPU; with the registry's on %d cores it cannot end before %.0f ms, where curl took %.0f ms: "
            "at best %.0f%% of curl's throughput on this machine (vhdboot: %.0f%%)." % (
                ours[2], curl[2], registry, sha, client_floor, cores, floor_ms, curl[0],
                100 * min(1.0, curl[0] / floor_ms), 100 * curl[0] / ours[0]))


if __name__ == "__main__":
    print(floor_text(sys.argv[1]))
