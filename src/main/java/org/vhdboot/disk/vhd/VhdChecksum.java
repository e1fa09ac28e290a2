package org.vhdboot.disk.vhd;

/** The VHD checksum: the one's complement of the byte sum, with the checksum field counted as zero. */
final class VhdChecksum {
    private VhdChecksum() {
    }

    static int compute(byte[] structure, int checksumOffset) {
        long sum = 0;
        for (int i = 0; i < structure.length; i++) {
            if (i >= checksumOffset && i < checksumOffset + 4) {
                continue;
            }
            sum += structure[i] & 0xFF;
        }
        return (int) ~sum;
    }
}
