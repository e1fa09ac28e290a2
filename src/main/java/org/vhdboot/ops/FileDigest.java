package org.vhdboot.ops;

import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.TransferListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The SHA-256 of a file, read as a stream in 1 MiB pieces: the hash a version records and {@code image add} checks. */
final class FileDigest {
    private FileDigest() {
    }

    static String sha256(Path file) throws IOException {
        return sha256(file, Files.size(file), TransferListener.NONE);
    }

    /**
     * The same, shown as {@code step} (e.g. {@code record 2026-12}) with the file's name: hashing a whole parent or
     * layer takes seconds to minutes.
     */
    static String sha256(Path file, TransferProgress progress, String step) throws IOException {
        long size = Files.size(file);
        return sha256(file, size, progress.start(step + " (SHA-256 of " + file.getFileName() + ")", size));
    }

    private static String sha256(Path file, long size, TransferListener listener) throws IOException {
        StorageFactory.requireImageFile(file);
        MessageDigest digest = Digest.newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            long done = 0;
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                done += n;
                listener.progress(done, size);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
