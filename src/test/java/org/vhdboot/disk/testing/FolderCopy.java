package org.vhdboot.disk.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Copies the files of one folder into another, keeping modification times (VHD children record them) and
 * permissions (the read-only mark). The crash tests copy a prepared layout once per stop, hundreds of times, and
 * its images are mostly unallocated zeros: pages of zeros are left as holes, which read as the same zeros but cost
 * nothing to write or to delete.
 */
public final class FolderCopy {
    private static final int PAGE = 4096;
    private static final int CHUNK = 1 << 20;
    private static final byte[] ZERO_PAGE = new byte[PAGE];

    private FolderCopy() {
    }

    public static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    copyFile(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    /** One file's bytes and attributes, replacing {@code to}; holes for its zero pages where POSIX allows them. */
    public static void copyFile(Path from, Path to) throws IOException {
        if (!from.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        Files.deleteIfExists(to);
        try (FileChannel in = FileChannel.open(from); RandomAccessFile out = new RandomAccessFile(to.toFile(), "rw")) {
            long size = in.size();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            long position = 0;
            while (position < size) {
                chunk.clear();
                while (chunk.hasRemaining() && in.read(chunk, position + chunk.position()) > 0) {
                    // Until the chunk is full or the file ends.
                }
                if (chunk.position() == 0) {
                    break;
                }
                writeNonZeroPages(out.getChannel(), chunk.array(), chunk.position(), position);
                position += chunk.position();
            }
            out.setLength(position);
        }
        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        BasicFileAttributes times = Files.readAttributes(from, BasicFileAttributes.class);
        Files.getFileAttributeView(to, BasicFileAttributeView.class).setTimes(times.lastModifiedTime(),
                times.lastAccessTime(), null);
    }

    /** Writes each run of pages of {@code bytes[0, length)} holding anything but zeros at {@code position}. */
    private static void writeNonZeroPages(FileChannel out, byte[] bytes, int length, long position)
            throws IOException {
        int start = 0;
        while (start < length) {
            if (isZeroPage(bytes, start, length)) {
                start += PAGE;
                continue;
            }
            int end = start + PAGE;
            while (end < length && !isZeroPage(bytes, end, length)) {
                end += PAGE;
            }
            ByteBuffer run = ByteBuffer.wrap(bytes, start, Math.min(end, length) - start);
            while (run.hasRemaining()) {
                out.write(run, position + run.position());
            }
            start = end;
        }
    }

    private static boolean isZeroPage(byte[] bytes, int from, int length) {
        int to = Math.min(from + PAGE, length);
        return Arrays.mismatch(bytes, from, to, ZERO_PAGE, 0, to - from) < 0;
    }
}
