package org.vhdboot.ops;

import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The backup init makes of the boot store before its first change, beside the layout. The system store is
 * exported with {@code bcdedit /export}; Microsoft documents {@code /export} for the system store only, so an
 * offline store ({@code --store FILE}) is backed up by copying its file: temporary file, fsync, rename.
 */
final class BootStoreBackup {
    /** A BCD hive is kilobytes; a file far larger is not one, and is not read into memory. */
    static final int MAX_STORE_BYTES = 64 << 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private BootStoreBackup() {
    }

    /** {@code vhdboot-bcd-backup-<date>-<time>.bcd} in the layout folder. */
    static Path fileFor(Layout layout, Instant now) {
        return layout.folder().resolve("vhdboot-bcd-backup-" + STAMP.format(now) + ".bcd");
    }

    /** Whether the layout's store is an offline file, backed up by copying rather than by bcdedit. */
    static boolean byCopy(Layout layout) {
        return layout.storeFile().isPresent();
    }

    /** @param verb {@code copy } for a plan, {@code copied } for what was done */
    static String describeCopy(Layout layout, Path backup, String verb) {
        return verb + "the boot store " + layout.storeFile().orElseThrow() + " to " + backup.getFileName()
                + " (a backup)";
    }

    static void copy(Layout layout, Path backup, FileSteps steps) throws IOException, OperationException {
        Path source = layout.folder().resolve(layout.storeFile().orElseThrow());
        byte[] content;
        try (InputStream in = Files.newInputStream(source)) {
            content = in.readNBytes(MAX_STORE_BYTES + 1);
        }
        if (content.length > MAX_STORE_BYTES) {
            throw new OperationException(OperationException.Kind.PRECONDITION, source + " is larger than "
                    + (MAX_STORE_BYTES >> 20) + " MiB, so it is not a boot store; check --store");
        }
        steps.writeAtomically(backup, content);
    }
}
