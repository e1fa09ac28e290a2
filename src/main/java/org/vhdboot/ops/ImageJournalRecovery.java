package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Finishes or undoes an {@code image} command a crash or a failure interrupted, from its journal: each command
 * designs its steps so that every prefix has exactly one safe continuation, and says which in its {@code recover}.
 * Run by the next changing command ({@link JournalRecovery}); {@code status} only reports the journal.
 */
final class ImageJournalRecovery {
    private final OperationContext context;

    ImageJournalRecovery(OperationContext context) {
        this.context = context;
    }

    /** @return what was done, or empty when no image command was interrupted */
    Optional<String> finish(Layout layout) throws IOException, OperationException {
        Optional<ImageJournal> pending = ImageJournal.read(layout);
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(recover(layout, pending.get()));
    }

    /** Finishes or undoes {@code journal}'s command, clears the journal and logs it; returns what was done. */
    String recover(Layout layout, ImageJournal journal) throws IOException, OperationException {
        String outcome = switch (journal.operation()) {
            case COMMIT -> new ImageCommitOperation(context).recover(layout, journal);
            case ADD -> new VersionRecording(context, TransferProgress.NONE).recoverImageAdd(layout, journal);
            case SWITCH -> new ImageSwitchOperation(context).recover(layout, journal);
            case CONFIRM -> new ImageConfirmOperation(context).recover(layout, journal);
            case ROLLBACK -> new ImageRollbackOperation(context).recover(layout, journal);
            case PRUNE -> new ImagePruneOperation(context).recover(layout, journal);
        };
        context.log(layout).record(Event.IMAGE_RECOVERED, Duration.ZERO, outcome);
        return outcome;
    }

    /**
     * A failure the process survives (a rename refused because a scanner holds the file, a disk that filled) is
     * finished or undone at once, from the layout as saved; if that fails too, the journal stays for the next command.
     */
    void afterFailure(Layout layout, Exception failure) {
        try {
            Optional<String> done = finish(LayoutFile.load(layout.iniPath()));
            done.ifPresent(context.reporter()::info);
        } catch (IOException | OperationException | RuntimeException again) {
            failure.addSuppressed(again);
        }
    }

    /** {@link #afterFailure} for the image command {@code what} begun at {@code started}, then logs that it failed. */
    void afterFailure(Layout layout, Exception failure, String what, Instant started) {
        afterFailure(layout, failure);
        context.log(layout).record(Event.IMAGE_FAILED, Duration.between(started, context.clock().instant()),
                what + ": " + failure.getMessage());
    }
}
