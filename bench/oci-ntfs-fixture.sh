#!/usr/bin/env bash
# Builds the realistic layer the OCI benchmarks compress and move: a 3 GiB NTFS volume (mkntfs) filled, through
# ntfs-3g, with about 2.2 GB of real files from this machine (executables and libraries as stand-ins for EXEs and
# DLLs, documentation, locale data, jars that are already compressed), then converted to a dynamic VHDX.
#
#   bench/oci-ntfs-fixture.sh OUT_DIR [SIZE]   writes OUT_DIR/ntfs.vhdx (kept if present); SIZE defaults to 3G,
#                                              a smaller volume is filled as far as the files go
#
# Needs root (a FUSE mount), ntfs-3g and qemu-utils.
set -euo pipefail

out="${1:?usage: oci-ntfs-fixture.sh OUT_DIR [SIZE]}"
size="${2:-3G}"
vhdx="$out/ntfs.vhdx"
[[ -f $vhdx ]] && exit 0
mkdir -p "$out"
raw="$out/ntfs.raw"
mnt="$out/mnt"

truncate -s "$size" "$raw"
mkntfs -q -F -f -L golden "$raw" 2>/dev/null
mkdir -p "$mnt"
ntfs-3g "$raw" "$mnt"
trap 'umount "$mnt" 2>/dev/null || true' EXIT
mkdir -p "$mnt/Windows/System32" "$mnt/Program Files" "$mnt/ProgramData" "$mnt/Users/Public/Documents"
# Regular files only, without owners (NTFS through ntfs-3g has none).
copy() { tar -C "$1" -cf - --exclude-backups . 2>/dev/null | tar -C "$2" -xf - --no-same-owner 2>/dev/null || true; }
copy /usr/lib/x86_64-linux-gnu "$mnt/Windows/System32"
copy /usr/bin "$mnt/Windows"
copy /usr/lib/jvm "$mnt/Program Files"
copy /usr/share "$mnt/ProgramData"
copy /usr/lib/python3 "$mnt/Users/Public/Documents"
df -h "$mnt" >&2
umount "$mnt"
trap - EXIT
qemu-img convert -O vhdx -o subformat=dynamic "$raw" "$vhdx.tmp"
mv "$vhdx.tmp" "$vhdx"
rm -f "$raw"
rmdir "$mnt"
