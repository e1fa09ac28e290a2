package org.vhdboot.disk.vhd;

import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.util.Arrays;

/**
 * The footer a VHD is read by: the one at the end of the file, or, when that one is damaged (a bad checksum,
 * say) while the copy a dynamic VHD keeps at offset 0 is intact, the copy. The damage is kept to be reported,
 * and {@code vhd check --repair} writes the copy back over it.
 *
 * @param bytes the 512 bytes of {@code footer}, to be written at the end of the file
 * @param trailingDamage what is wrong with the footer at the end, or null when it is the one in use
 */
record FooterCopies(VhdFooter footer, byte[] bytes, String trailingDamage) {

    static FooterCopies read(Storage storage, String name) throws IOException {
        long footerOffset = storage.size() - VhdFooter.SIZE;
        byte[] trailing = storage.readBytes(footerOffset, VhdFooter.SIZE);
        byte[] copy = storage.readBytes(0, VhdFooter.SIZE);
        if (!VhdFooter.hasCookie(trailing)) {
            if (VhdFooter.hasCookie(copy)) {
                throw new InvalidImageException(name + ": the footer at the end of the file is missing, so the file"
                        + " is truncated or damaged (the copy at offset 0 is present)");
            }
            throw new InvalidImageException(name + " is not a VHD: no footer at the end of the file");
        }
        VhdFooter footer;
        try {
            footer = VhdFooter.parse(trailing, name);
        } catch (InvalidImageException damaged) {
            return fromCopy(copy, name, damaged);
        }
        if (footer.type() == DiskType.FIXED || Arrays.equals(copy, trailing)) {
            return new FooterCopies(footer, trailing, null);
        }
        VhdFooter.parse(copy, name + " (footer copy at offset 0)");
        throw new InvalidImageException(name + ": the footer copy at offset 0 differs from the footer at the end");
    }

    /** The intact copy of a dynamic or differencing VHD in place of a damaged trailing footer. */
    private static FooterCopies fromCopy(byte[] copy, String name, InvalidImageException damaged)
            throws InvalidImageException {
        VhdFooter footer;
        try {
            footer = VhdFooter.parse(copy, name + " (footer copy at offset 0)");
        } catch (InvalidImageException alsoDamaged) {
            throw damaged;
        }
        if (footer.type() == DiskType.FIXED) {
            // A fixed VHD has no copy: those bytes are the guest's first sector.
            throw damaged;
        }
        return new FooterCopies(footer, copy, damaged.getMessage());
    }

    boolean trailingDamaged() {
        return trailingDamage != null;
    }
}
