package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Finishes or undoes an operation that was interrupted (killed, power loss), as the journal records it: every
 * changing command does this first, under the layout's lock. Each operation decides from the state of its files how
 * far it got ({@link ChildReplacement#recover}, {@link SnapshotCreateOperation#recover},
 * {@link SnapshotDeleteOperation#recover}, {@link VersionRecording#recover}, the image commands through
 * {@link ImageJournalRecovery}); the journal is removed only after the layout records the outcome.
 */
final class JournalRecovery {
    private final OperationContext context;

    JournalRecovery(OperationContext context) {
        this.context = context;
    }

    /** What recovery did: {@code finished} when the operation is known complete, not undone or left in doubt. */
    record Outcome(String message, boolean finished) {
    }

    /** The journal found, and what was done about it. */
    record Recovered(OperationJournal journal, Outcome outcome) {
        /** Whether it finished {@code journal}'s kind of operation as {@code same} says, so a rerun has nothing left. */
        boolean finishedAlready(java.util.function.Predicate<OperationJournal> same) {
            return outcome.finished() && same.test(journal);
        }
    }

    /** @return what was done, or empty when nothing was pending */
    Optional<String> finish(Layout layout) throws IOException, OperationException {
        return recover(layout).map(r -> r.outcome().message());
    }

    Optional<Recovered> recover(Layout layout) throws IOException, OperationException {
        Optional<OperationJournal> pending = OperationJournal.read(layout);
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        OperationJournal journal = pending.get();
        if (journal instanceof ImageJournal image) {
            // Image commands decide their own continuation, clear their journal and log it themselves.
            String message = new ImageJournalRecovery(context).recover(layout, image);
            context.reporter().info(message);
            return Optional.of(new Recovered(journal, new Outcome(message, false)));
        }
        Outcome outcome;
        if (journal instanceof ResetJournal reset) {
            outcome = new ChildReplacement(context).recover(layout, reset);
        } else if (journal instanceof SnapshotCreateJournal create) {
            outcome = new SnapshotCreateOperation(context).recover(layout, create);
        } else if (journal instanceof VersionRecordingJournal recording) {
            outcome = new VersionRecording(context, TransferProgress.NONE).recover(layout, recording);
        } else {
            outcome = new SnapshotDeleteOperation(context).recover(layout, (SnapshotDeleteJournal) journal);
        }
        OperationJournal.clear(layout.folder(), context.steps());
        // Recording a version is the end of an image command (add, pull): its event is theirs.
        context.log(layout).record(journal instanceof VersionRecordingJournal ? Event.IMAGE_RECOVERED
                : Event.RESET_RECOVERED, Duration.ZERO, outcome.message());
        context.reporter().info(outcome.message());
        return Optional.of(new Recovered(journal, outcome));
    }
}
