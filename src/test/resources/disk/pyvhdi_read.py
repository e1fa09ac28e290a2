"""Reads a VHD or VHDX chain with libvhdi and writes its whole virtual disk to a raw file.

usage: pyvhdi_read.py OUTPUT BASE [CHILD ...]   (base first, top image last)
"""
import sys

import pyvhdi


def main():
    output, chain = sys.argv[1], sys.argv[2:]
    files = []
    for path in chain:
        image = pyvhdi.file()
        image.open(path)
        files.append(image)
    # libvhdi does not open parents itself: link each child to its parent, root first.
    for parent, child in zip(files, files[1:]):
        child.set_parent(parent)
    top = files[-1]
    size = top.get_media_size()
    with open(output, "wb") as out:
        offset = 0
        while offset < size:
            length = min(1 << 20, size - offset)
            out.write(top.read_buffer_at_offset(length, offset))
            offset += length


if __name__ == "__main__":
    main()
