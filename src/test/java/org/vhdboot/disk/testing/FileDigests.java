package org.vhdboot.disk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SHA-256 of every file in a set, taken before an operation and compared after it. */
public final class FileDigests {
    private final Map<Path, String> digests;

    private FileDigests(Map<Path, String> digests) {
        this.digests = digests;
    }

    public static FileDigests of(Path... files) throws IOException {
        Map<Path, String> digests = new LinkedHashMap<>();
        for (Path file : files) {
            digests.put(file, sha256(file));
        }
        return new FileDigests(digests);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether every file still exists with exactly the bytes it had. */
    public boolean unchanged() throws IOException {
        for (Map.Entry<Path, String> entry : digests.entrySet()) {
            if (!Files.exists(entry.getKey()) || !entry.getValue().equals(sha256(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Fails unless every file still exists with exactly the bytes it had. */
    public void assertUnchanged() throws IOException {
        for (Map.Entry<Path, String> entry : digests.entrySet()) {
            assertEquals(entry.getValue(), sha256(entry.getKey()), entry.getKey() + " was changed");
        }
    }
}
