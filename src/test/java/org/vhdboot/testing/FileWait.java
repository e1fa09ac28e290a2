package org.vhdboot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Waits until a download has written enough into its part file, woken by the file system's change notices
 * instead of spinning: a spinning test thread took one of the machine's two cores from the very download (or
 * child JVM) it waited for, and from the other test JVM.
 */
public final class FileWait {
    /** How often {@code check} runs when nothing changes, so a dead writer is noticed. */
    private static final long CHECK_MILLIS = 50;

    private FileWait() {
    }

    /**
     * The first file of {@code folder} that {@code wanted} accepts once it holds at least {@code bytes}. Between
     * waits {@code check} runs (it may fail, say when the writing process died); after {@code timeout}, fails.
     */
    public static Path forBytes(Path folder, Predicate<Path> wanted, long bytes, Duration timeout, Runnable check)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (WatchService watch = folder.getFileSystem().newWatchService()) {
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (true) {
                Optional<Path> ready = find(folder, wanted, bytes);
                if (ready.isPresent()) {
                    return ready.get();
                }
                check.run();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no file in " + folder + " reached " + bytes + " bytes within " + timeout);
                }
                WatchKey changed = watch.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (changed != null) {
                    changed.pollEvents();
                    changed.reset();
                }
            }
        }
    }

    private static Optional<Path> find(Path folder, Predicate<Path> wanted, long bytes) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(wanted).filter(file -> size(file) >= bytes).findFirst();
        }
    }

    /** The file's size, or -1 when it went away since it was listed. */
    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException gone) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
