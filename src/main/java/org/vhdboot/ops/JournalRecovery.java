package org.vhdboot.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finishes a reset that was interrupted (killed, power loss): the journal says which child was being replaced,
 * and the state of that child's files says how far it got. Every path leads to a valid child under the
 * target name. The files acted on are the ones the layout defines for the target ({@link ResetFiles}); the
 * journal only has to agree with them, so it can never steer a delete or a rename anywhere else.
 */
final class JournalRecovery {
    private final OperationContext context;

    JournalRecovery(OperationContext context) {
        this.context = context;
    }

    /** @return what was done, or empty when no reset (nor image operation, {@link ImageJournalRecovery}) was pending */
    Optional<String> finish(Layout layout) throws IOException, OperationException {
        Optional<String> image = new ImageJournalRecovery(context).finish(layout);
        if (image.isPresent()) {
            return image;
        }
        Optional<ResetJournal> pending = ResetJournal.read(layout);
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        ResetJournal journal = pending.get();
        ResetFiles reset = ResetFiles.of(layout, journal.target());
        // The same refusals as a reset: never rename over, or move aside, the disk the running system uses.
        if (new RunningSystem(context).bootedFrom(layout).runningFrom(journal.target().key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "an interrupted reset of "
                    + journal.target().label() + " cannot be finished while running from it; finish it from "
                    + journal.target().other().label());
        }
        if (context.platform().inUse(reset.child())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "an interrupted reset of "
                    + journal.target().label() + " cannot be finished: " + reset.child().getFileName() + " is in use");
        }
        Path target = reset.child();
        Path replacement = reset.replacement();
        Optional<Path> kept = journal.keptOld().map(name -> layout.folder().resolve(name));
        refuseTheParent(layout, replacement, kept);
        FileSteps files = context.steps();
        String outcome;
        if (Files.exists(replacement) && complete(replacement, layout, journal.target())) {
            // The new child was made durable before anything else moved: finish the rename.
            if (kept.isPresent() && Files.exists(target) && !Files.exists(kept.get())) {
                files.move(target, kept.get(), false);
            }
            files.move(replacement, target, true);
            outcome = "finished an interrupted reset of " + journal.target().key() + ": " + target.getFileName()
                    + " is now a fresh child";
        } else if (Files.exists(replacement)) {
            // The new child never became complete, so the old one was never moved, unless a failed
            // rollback left it under its kept name.
            if (!Files.exists(target) && kept.isPresent() && Files.exists(kept.get())) {
                files.move(kept.get(), target, false);
            }
            files.delete(replacement);
            outcome = "rolled back an interrupted reset of " + journal.target().key() + ": the new child was"
                    + " incomplete, " + target.getFileName() + " is unchanged";
        } else if (!Files.exists(target) && kept.isPresent() && Files.exists(kept.get())) {
            files.move(kept.get(), target, false);
            outcome = "rolled back an interrupted reset of " + journal.target().key() + ": restored "
                    + target.getFileName() + " from " + kept.get().getFileName();
        } else {
            outcome = "cleared the journal of an interrupted reset of " + journal.target().key()
                    + " whose files were already in place";
        }
        ResetJournal.clear(layout.folder(), files);
        context.log(layout).record(Event.RESET_RECOVERED, java.time.Duration.ZERO, outcome);
        return Optional.of(outcome);
    }

    /** A second name for the parent (a hard link) placed where the reset's own files go is never moved. */
    private static void refuseTheParent(Layout layout, Path replacement, Optional<Path> kept)
            throws IOException, LayoutException {
        Path parent = layout.parentPath();
        for (Path file : kept.isPresent() ? new Path[] {replacement, kept.get()} : new Path[] {replacement}) {
            if (Files.exists(file) && Files.exists(parent) && Files.isSameFile(file, parent)) {
                throw new LayoutException(file.getFileName() + " is another name of the parent " + layout.parentFile()
                        + "; vhdboot did not make it: check the folder and remove " + ResetJournal.FILE_NAME);
            }
        }
    }

    private boolean complete(Path replacement, Layout layout, Role role) throws IOException {
        return new ParentCheck(context).linkOf(replacement, layout.pathOf(layout.standsOn(role)))
                == ParentCheck.ChildLink.LINKED;
    }
}
