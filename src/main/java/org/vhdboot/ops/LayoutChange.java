package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;

import java.io.IOException;
import java.util.Optional;

/**
 * The frame every changing {@code image} command runs in, as {@code reset} does: the preflight, a journal vhdboot
 * could not have written refused before anything is touched, the layout's lock, the layout read again under it (what
 * is recorded at the end must not undo another command's change), and an interrupted operation finished first.
 */
final class LayoutChange implements AutoCloseable {
    private final LayoutLock lock;
    private final Layout layout;
    private final Optional<OperationJournal> interrupted;
    private final Optional<String> recovered;

    private LayoutChange(LayoutLock lock, Layout layout, Optional<OperationJournal> interrupted,
                         Optional<String> recovered) {
        this.lock = lock;
        this.layout = layout;
        this.interrupted = interrupted;
        this.recovered = recovered;
    }

    /** Checks that need no lock, for dry runs too. */
    static void precheck(OperationContext context, Layout loaded, String operation) throws IOException,
            OperationException {
        new Preflight(context.platform(), context.reporter()).checkLayout(operation, loaded);
        OperationJournal.read(loaded);
    }

    /** What a dry run checks first: the {@link #precheck}, and no job left half done. */
    static void dryRunCheck(OperationContext context, Layout loaded, String operation) throws IOException,
            OperationException {
        precheck(context, loaded, operation);
        OperationJournal.refuseDryRunWhilePending(loaded);
    }

    static LayoutChange begin(OperationContext context, Layout loaded, String operation) throws IOException,
            OperationException {
        precheck(context, loaded, operation);
        LayoutLock lock = LayoutLock.acquire(loaded.folder(), operation);
        try {
            Layout layout = LayoutFile.load(loaded.iniPath());
            Optional<OperationJournal> interrupted = OperationJournal.read(layout);
            // Recovery tells the user what it did.
            Optional<String> recovered = new JournalRecovery(context).finish(layout);
            return new LayoutChange(lock, recovered.isPresent() ? LayoutFile.load(loaded.iniPath()) : layout,
                    interrupted, recovered);
        } catch (IOException | OperationException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    Layout layout() {
        return layout;
    }

    /** The interrupted operation found under the lock, finished or undone since; empty when there was none. */
    Optional<OperationJournal> interrupted() {
        return interrupted;
    }

    /** What was done about an interrupted operation, if anything. */
    Optional<String> recovered() {
        return recovered;
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
