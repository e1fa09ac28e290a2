package org.vhdboot.ops;

import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.disk.ParentLinkException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vhdboot reset}: replace a child (Current by default) with a fresh, empty child of the untouched
 * parent. The new child is built under a temporary name, made durable, and renamed over the old one in a
 * single atomic step, with a journal around it, so a reset killed at any instant leaves either the old or
 * the new child and simply runs again. Boot entries name the path, so none needs changing.
 */
public final class ResetOperation {
    public record Options(Role target, boolean yes, boolean dryRun, boolean keepOld, boolean reboot) {
    }

    /**
     * @param plan the steps a dry run would take, or the steps taken
     * @param recovered what was done about an earlier interrupted reset, if anything
     */
    public record Result(Role target, Path child, Optional<Path> keptOld, boolean dryRun, List<String> plan,
                         Optional<String> recovered, long durationMillis, boolean rebooting) {
    }

    private final OperationContext context;

    public ResetOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        Role role = options.target();
        new Preflight(context.platform(), context.reporter()).check("reset", loaded.folder());
        // A journal vhdboot could not have written is refused before the lock, the log or the ini is touched.
        ResetJournal.read(loaded);
        if (options.dryRun()) {
            return dryRun(loaded, options, started);
        }
        OperationLog log = context.log(loaded);
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "reset " + role.key())) {
            // Read again under the lock: what is recorded at the end must not undo another command's change.
            Layout layout = LayoutFile.load(loaded.iniPath());
            Result result;
            try {
                Optional<String> recovered = new JournalRecovery(context).finish(layout);
                recovered.ifPresent(context.reporter()::info);
                Layout.ParentIdentity parent = checkSafeToReplace(layout, role);
                checkFreeSpace(layout, role, options.keepOld(), parent);
                confirm(layout, options);
                List<String> steps = new ArrayList<>();
                Optional<Path> kept = replace(layout, role, options.keepOld(), steps);
                checkBootEntries(layout);
                long took = Duration.between(started, context.clock().instant()).toMillis();
                result = new Result(role, layout.childPath(role), kept, false, steps, recovered, took, options.reboot());
                recordOutcome(layout, role, started, true, "replaced by a fresh child of " + baseFile(layout, role));
                log.record(Event.RESET_DONE, Duration.ofMillis(took), role.key() + ": " + layout.child(role).file()
                        + " replaced by a fresh child of " + baseFile(layout, role));
            } catch (IOException | OperationException e) {
                if (!(e instanceof OperationException && ((OperationException) e).kind() == OperationException.Kind.DECLINED)) {
                    recordOutcome(layout, role, started, false, e.getMessage());
                }
                log.record(Event.RESET_FAILED, Duration.between(started, context.clock().instant()),
                        role.key() + ": " + e.getMessage());
                throw e;
            }
            if (options.reboot()) {
                restart();
            }
            return result;
        }
    }

    /** Everything that must hold before the old child may go; returns the parent's identity as verified. */
    private Layout.ParentIdentity checkSafeToReplace(Layout layout, Role role) throws IOException, OperationException {
        Path target = layout.childPath(role);
        RunningSystem running = new RunningSystem(context);
        if (running.bootedFrom(layout).runningFrom(role.key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "reset refused: running from "
                    + role.label() + " (" + layout.child(role).file() + "); boot " + role.other().label()
                    + " or WinPE and run the reset there");
        }
        if (context.platform().inUse(target)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "reset refused: "
                    + layout.child(role).file() + " is in use by another program (attached or open); detach it first");
        }
        ParentCheck parents = new ParentCheck(context);
        Layout.ParentIdentity identity = parents.verify(layout);
        ParentCheck.ChildLink link = parents.linkOf(target, layout.pathOf(layout.standsOn(role)));
        switch (link) {
            case OTHER_PARENT:
            case NOT_A_CHILD:
            case PARENT_CHANGED:
                throw new ParentLinkException("reset refused: " + layout.child(role).file() + " "
                        + link.describe() + ", so the layout and the files disagree; check " + Layout.INI_NAME
                        + " or run `vhdboot init` again");
            case UNREADABLE:
                context.reporter().warn(layout.child(role).file() + " is unreadable; the reset replaces it");
                break;
            default:
                break;
        }
        return identity;
    }

    /**
     * Native boot expands a child to its full virtual size unless the image sets VirtualDiskExpandOnMount=4;
     * a host volume without that room fails to boot with bug check 0x136.
     */
    private void checkFreeSpace(Layout layout, Role role, boolean keepOld, Layout.ParentIdentity parent)
            throws IOException, OperationException {
        if (layout.freeSpace() == FreeSpacePolicy.IGNORE) {
            return;
        }
        Path target = layout.childPath(role);
        long free = context.platform().volumeFacts(layout.folder()).freeBytes();
        long reclaimed = !keepOld && Files.exists(target) ? Files.size(target) : 0;
        // The identity checkSafeToReplace just verified: opening a 2 TiB parent again costs its whole BAT.
        long needed = parent.virtualSize();
        if (free + reclaimed >= needed) {
            return;
        }
        String message = "the host volume has " + (free + reclaimed) / (1 << 20) + " MiB free, but native boot"
                + " expands " + layout.child(role).file() + " to its full " + needed / (1 << 20) + " MiB unless the"
                + " image sets VirtualDiskExpandOnMount=4";
        if (layout.freeSpace() == FreeSpacePolicy.REFUSE) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "reset refused: " + message
                    + " (free_space = refuse in " + Layout.INI_NAME + ")");
        }
        context.reporter().warn(message);
    }

    private void confirm(Layout layout, Options options) throws OperationException {
        if (options.yes()) {
            return;
        }
        String question = "Replace " + layout.child(options.target()).file() + " with a fresh child of "
                + baseFile(layout, options.target()) + "? Everything changed in " + options.target().label() + " is lost.";
        if (!context.reporter().confirm(question)) {
            throw new OperationException(OperationException.Kind.DECLINED, "reset cancelled; nothing was changed");
        }
    }

    /** The atomic replacement: journal, new child under a temporary name (durable), rename, clear journal. */
    private Optional<Path> replace(Layout layout, Role role, boolean keepOld, List<String> steps) throws IOException {
        FileSteps files = context.steps();
        Path folder = layout.folder();
        ResetFiles reset = ResetFiles.of(layout, role);
        Path target = reset.child();
        Path replacement = reset.replacement();
        Optional<Path> kept = keepOld && Files.exists(target) ? Optional.of(reset.kept(context.clock().instant()))
                : Optional.empty();
        new ResetJournal(role, folder.relativize(target).toString(), folder.relativize(replacement).toString(),
                kept.map(k -> folder.relativize(k).toString()), context.clock().instant()).write(folder, files);
        try {
            context.createChild(layout, replacement, layout.pathOf(layout.standsOn(role)));
            steps.add("created " + replacement.getFileName() + " as an empty child of " + baseFile(layout, role));
            if (kept.isPresent()) {
                files.move(target, kept.get(), false);
                steps.add("kept the old child as " + kept.get().getFileName());
            }
            files.move(replacement, target, true);
            steps.add("renamed it over " + target.getFileName());
            ResetJournal.clear(folder, files);
        } catch (IOException | RuntimeException e) {
            rollBack(folder, target, replacement, kept, e);
            throw e;
        }
        return kept;
    }

    /**
     * A failure the process survives (a rename refused because a scanner has the file open, say) is undone at
     * once, so nothing half done waits for a later command to finish it. After a crash the journal does it.
     */
    private void rollBack(Path folder, Path target, Path replacement, Optional<Path> kept, Exception failure) {
        FileSteps files = context.steps();
        try {
            if (kept.isPresent() && !Files.exists(target) && Files.exists(kept.get())) {
                files.move(kept.get(), target, false);
            }
            if (Files.exists(target)) {
                files.delete(replacement);
            }
            ResetJournal.clear(folder, files);
        } catch (IOException | RuntimeException again) {
            // The journal stays; the next reset or status finishes or undoes what is left.
            failure.addSuppressed(again);
        }
    }

    private Result dryRun(Layout layout, Options options, Instant started) throws IOException, OperationException {
        Role role = options.target();
        Layout.ParentIdentity parent = checkSafeToReplace(layout, role);
        checkFreeSpace(layout, role, options.keepOld(), parent);
        ResetFiles reset = ResetFiles.of(layout, role);
        Path target = reset.child();
        Path replacement = reset.replacement();
        List<String> plan = new ArrayList<>();
        if (ResetJournal.read(layout).isPresent()) {
            plan.add("finish the interrupted reset recorded in " + ResetJournal.FILE_NAME);
        }
        plan.add("write " + ResetJournal.FILE_NAME + " (reset of " + role.key() + " in progress)");
        plan.add("create " + replacement.getFileName() + " as an empty child of " + baseFile(layout, role)
                + " with the " + context.disks().engineName() + " engine, and flush it");
        if (options.keepOld() && Files.exists(target)) {
            plan.add("rename " + target.getFileName() + " to " + reset.kept(context.clock().instant()).getFileName());
        }
        plan.add("rename " + replacement.getFileName() + " over " + target.getFileName() + " (atomic) and flush the folder");
        plan.add("remove " + ResetJournal.FILE_NAME);
        plan.add("record the result in " + Layout.INI_NAME + " and " + OperationLog.FILE_NAME);
        if (options.reboot()) {
            plan.add("restart the machine");
        }
        long took = Duration.between(started, context.clock().instant()).toMillis();
        return new Result(role, target, Optional.empty(), true, plan, Optional.empty(), took, false);
    }

    /** The file the child's fresh replacement stands on: the parent, or the version or snapshot the slot is on. */
    private static String baseFile(Layout layout, Role role) {
        return layout.tree().get(layout.standsOn(role)).file();
    }

    private void checkBootEntries(Layout layout) {
        if (!context.platform().isWindows() && layout.bootStore().needsWindows()) {
            return;
        }
        try {
            BootStore store = context.bootStores().open(layout);
            if (!store.readable()) {
                return;
            }
            for (Role role : Role.values()) {
                Layout.Child child = layout.child(role);
                if (child.entryId() != null && store.entry(child.entryId()).isEmpty()) {
                    context.reporter().warn("the boot entry for " + role.label() + " {" + child.entryId()
                            + "} is missing; run `vhdboot init` to restore it");
                }
            }
        } catch (BootStoreException | OperationException e) {
            context.reporter().warn("boot entries not checked: " + e.getMessage());
        }
    }

    private void recordOutcome(Layout layout, Role role, Instant started, boolean succeeded, String message) {
        Instant finished = context.clock().instant();
        layout.setLastReset(new Layout.LastReset(role, started, finished, succeeded, message == null ? "" : message,
                Duration.between(started, finished).toMillis()));
        try {
            LayoutFile.save(layout, context.steps());
        } catch (IOException e) {
            context.reporter().warn("could not record the result in " + Layout.INI_NAME + ": " + e.getMessage());
        }
    }

    private void restart() throws IOException {
        if (context.restart().isEmpty()) {
            context.reporter().warn("--reboot ignored: this system cannot be restarted from here");
            return;
        }
        context.restart().get().restart(Duration.ofSeconds(5), "vhdboot reset finished; restarting");
    }
}
