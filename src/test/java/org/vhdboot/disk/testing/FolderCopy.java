package org.vhdboot.disk.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of one folder, taken into memory to be written into other folders, keeping modification times (VHD
 * children record them) and the read-only mark. The crash tests copy a prepared layout once per stop, hundreds of
 * times per class, and its images are mostly unallocated zeros: only the pages holding something else are kept and
 * written, the rest stays a hole, which reads as the same zeros but costs nothing to write or delete. Taken once,
 * a folder is written out again without being read again.
 */
public final class FolderCopy {
    private static final int PAGE = 4096;
    private static final int CHUNK = 1 << 20;
    private static final byte[] ZERO_PAGE = new byte[PAGE];

    /** A run of pages holding something other than zeros, at {@code offset} of its file. */
    private record Data(long offset, byte[] bytes) {
    }

    /** One file: its name, size, data, times and mode ({@code posix} or, elsewhere, the DOS read-only flag). */
    private record Taken(Path name, long size, List<Data> data, FileTime modified, FileTime accessed,
                         Set<PosixFilePermission> posix, boolean readOnly) {
    }

    private final List<Taken> files;

    private FolderCopy(List<Taken> files) {
        this.files = files;
    }

    /** Copies {@code from}'s files into {@code to} once. */
    public static void copyFiles(Path from, Path to) throws IOException {
        of(from).into(to);
    }

    /** {@code folder}'s regular files as they are now. */
    public static FolderCopy of(Path folder) throws IOException {
        List<Taken> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : (Iterable<Path>) list::iterator) {
                if (Files.isRegularFile(file)) {
                    files.add(take(file));
                }
            }
        }
        return new FolderCopy(files);
    }

    /** Writes the files into {@code folder}, replacing any of the same names. */
    public void into(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (Taken file : files) {
            Path target = folder.resolve(file.name());
            if (Files.exists(target)) {
                target.toFile().setWritable(true);
                Files.delete(target);
            }
            try (RandomAccessFile out = new RandomAccessFile(target.toFile(), "rw")) {
                FileChannel channel = out.getChannel();
                for (Data data : file.data()) {
                    ByteBuffer bytes = ByteBuffer.wrap(data.bytes());
                    while (bytes.hasRemaining()) {
                        channel.write(bytes, data.offset() + bytes.position());
                    }
                }
                out.setLength(file.size());
            }
            if (file.posix() != null) {
                Files.setPosixFilePermissions(target, file.posix());
            } else if (file.readOnly()) {
                Files.getFileAttributeView(target, DosFileAttributeView.class).setReadOnly(true);
            }
            Files.getFileAttributeView(target, BasicFileAttributeView.class).setTimes(file.modified(), file.accessed(),
                    null);
        }
    }

    private static Taken take(Path file) throws IOException {
        List<Data> data = new ArrayList<>();
        long size;
        try (FileChannel in = FileChannel.open(file)) {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            long position = 0;
            while (true) {
                chunk.clear();
                while (chunk.hasRemaining() && in.read(chunk, position + chunk.position()) > 0) {
                    // Until the chunk is full or the file ends.
                }
                if (chunk.position() == 0) {
                    break;
                }
                addNonZeroPages(chunk.array(), chunk.position(), position, data);
                position += chunk.position();
            }
            size = position;
        }
        BasicFileAttributes times = Files.readAttributes(file, BasicFileAttributes.class);
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        DosFileAttributeView dos = Files.getFileAttributeView(file, DosFileAttributeView.class);
        return new Taken(file.getFileName(), size, data, times.lastModifiedTime(), times.lastAccessTime(),
                posix == null ? null : posix.readAttributes().permissions(),
                posix == null && dos != null && dos.readAttributes().isReadOnly());
    }

    /** Each run of pages of {@code bytes[0, length)} holding anything but zeros, as found at {@code position}. */
    private static void addNonZeroPages(byte[] bytes, int length, long position, List<Data> data) {
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
            end = Math.min(end, length);
            data.add(new Data(position + start, Arrays.copyOfRange(bytes, start, end)));
            start = end;
        }
    }

    private static boolean isZeroPage(byte[] bytes, int from, int length) {
        int to = Math.min(from + PAGE, length);
        return Arrays.mismatch(bytes, from, to, ZERO_PAGE, 0, to - from) < 0;
    }
}
