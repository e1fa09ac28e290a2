package org.vhdboot.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Edits VHD files behind the engine's back, for bad-input tests: patches footer and header fields and
 * re-signs them with a checksum computed here, independently of the engine.
 */
public final class VhdFileEditor {
    public static final int FOOTER_SIZE = 512;
    public static final int HEADER_SIZE = 1024;
    public static final int FOOTER_CHECKSUM = 64;
    public static final int HEADER_CHECKSUM = 36;
    private final Path file;

    public VhdFileEditor(Path file) {
        this.file = file;
    }

    /** The VHD checksum: one's complement of the byte sum with the checksum field counted as zero. */
    public static int checksum(byte[] structure, int checksumOffset) {
        long sum = 0;
        for (int i = 0; i < structure.length; i++) {
            if (i < checksumOffset || i >= checksumOffset + 4) {
                sum += structure[i] & 0xFF;
            }
        }
        return (int) ~sum;
    }

    /** Signs a footer in place, as a footer changed on purpose must be to reach the check under test. */
    public static byte[] signFooter(byte[] footer) {
        ByteBuffer.wrap(footer).putInt(FOOTER_CHECKSUM, checksum(footer, FOOTER_CHECKSUM));
        return footer;
    }

    /** Signs a dynamic header in place. */
    public static byte[] signHeader(byte[] header) {
        ByteBuffer.wrap(header).putInt(HEADER_CHECKSUM, checksum(header, HEADER_CHECKSUM));
        return header;
    }

    public long footerOffset() throws IOException {
        return FileBytes.size(file) - FOOTER_SIZE;
    }

    public byte[] footer() throws IOException {
        return FileBytes.read(file, footerOffset(), FOOTER_SIZE);
    }

    /** Changes the trailing footer (and the copy at offset 0 when there is one) and fixes the checksum. */
    public void patchFooter(Consumer<ByteBuffer> change) throws IOException {
        boolean hasCopy = new String(FileBytes.read(file, 0, 8), java.nio.charset.StandardCharsets.US_ASCII)
                .equals("conectix");
        byte[] footer = footer();
        change.accept(ByteBuffer.wrap(footer));
        signFooter(footer);
        FileBytes.write(file, footerOffset(), footer);
        if (hasCopy) {
            FileBytes.write(file, 0, footer);
        }
    }

    public long headerOffset() throws IOException {
        return ByteBuffer.wrap(footer()).getLong(16);
    }

    public byte[] header() throws IOException {
        return FileBytes.read(file, headerOffset(), HEADER_SIZE);
    }

    public void patchHeader(Consumer<ByteBuffer> change) throws IOException {
        byte[] header = header();
        change.accept(ByteBuffer.wrap(header));
        signHeader(header);
        FileBytes.write(file, headerOffset(), header);
    }

    public long batOffset() throws IOException {
        return ByteBuffer.wrap(header()).getLong(16);
    }

    public int batEntry(int block) throws IOException {
        return ByteBuffer.wrap(FileBytes.read(file, batOffset() + 4L * block, 4)).getInt();
    }

    public void setBatEntry(int block, int sector) throws IOException {
        FileBytes.write(file, batOffset() + 4L * block, ByteBuffer.allocate(4).putInt(sector).array());
    }
}
