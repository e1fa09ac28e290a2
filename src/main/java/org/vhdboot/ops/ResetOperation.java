package org.vhdboot.ops;

import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.TreeImage;

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
    /**
     * @param toParent {@code reset --to-parent}: onto the version Current's chain stands on, past every snapshot
     * @param revertTo {@code snapshot revert NAME}: onto that snapshot, which becomes Current's base; the old Current
     *                 is kept as a snapshot with {@code keepOld}
     */
    public record Options(Role target, boolean yes, boolean dryRun, boolean keepOld, boolean reboot, boolean toParent,
                          Optional<String> revertTo) {
        public Options(Role target, boolean yes, boolean dryRun, boolean keepOld, boolean reboot) {
            this(target, yes, dryRun, keepOld, reboot, false, Optional.empty());
        }
    }

    /**
     * @param plan the steps a dry run would take, or the steps taken
     * @param recovered what was done about an earlier interrupted reset, if anything
     */
    public record Result(Role target, Path child, Optional<Path> keptOld, boolean dryRun, List<String> plan,
                         Optional<String> recovered, long durationMillis, boolean rebooting, String base,
                         Optional<String> keptAs) {
    }

    private final OperationContext context;

    public ResetOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        Role role = options.target();
        checkRequest(loaded, options);
        // A journal vhdboot could not have written is refused before the lock, the log or the ini is touched.
        OperationJournal.read(loaded);
        if (options.dryRun()) {
            OperationJournal.refuseDryRunWhilePending(loaded);
            return dryRun(loaded, options, started);
        }
        OperationLog log = context.log(loaded);
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "reset " + role.key())) {
            // Read again under the lock: what is recorded at the end must not undo another command's change.
            Layout layout = LayoutFile.load(loaded.iniPath());
            Result result;
            try {
                Optional<JournalRecovery.Recovered> recovery = new JournalRecovery(context).recover(layout);
                Optional<String> recovered = recovery.map(r -> r.outcome().message());
                ImageRef destination = destination(layout, options);
                if (recovery.filter(r -> r.finishedAlready(j -> j instanceof ResetJournal reset
                        && reset.target() == role && reset.parentOr(layout.standsOn(role)).equals(destination)
                        && reset.keepAs().isPresent() == (keep(options) == ChildReplacement.Keep.SNAPSHOT)))
                        .isPresent()) {
                    // The rerun of a reset that was killed: the recovery just finished that very reset.
                    long took = Duration.between(started, context.clock().instant()).toMillis();
                    return new Result(role, layout.childPath(role), Optional.empty(), false, List.of(), recovered, took,
                            false, destination.toString(), Optional.empty());
                }
                Layout.ParentIdentity parent = checkSafeToReplace(layout, role, destination, what(options));
                new ExpansionSpace(context).check(layout, role, options.keepOld(), parent.virtualSize(), what(options));
                confirm(layout, options, destination);
                List<String> steps = new ArrayList<>();
                ChildReplacement.Done done = new ChildReplacement(context).replace(layout, role, destination,
                        keep(options), steps);
                checkBootEntries(layout);
                long took = Duration.between(started, context.clock().instant()).toMillis();
                String onto = layout.tree().get(destination).file();
                result = new Result(role, layout.childPath(role), done.kept(), false, steps, recovered, took,
                        options.reboot() && context.restart().isPresent(), destination.toString(), done.keptAs());
                recordOutcome(layout, role, started, true, "replaced by a fresh child of " + onto);
                log.record(options.revertTo().isPresent() ? Event.SNAPSHOT_REVERTED : Event.RESET_DONE,
                        Duration.ofMillis(took), role.key() + ": " + layout.child(role).file()
                        + " replaced by a fresh child of " + onto + done.keptAs().map(k -> "; the old one is snapshot "
                        + k).orElse(""));
            } catch (IOException | OperationException e) {
                recordFailure(layout, options, started, e);
                throw e;
            }
            if (options.reboot()) {
                restart();
            }
            return result;
        }
    }

    /** Logs a failure, and records it as the last reset unless declined or a revert; a refused write explained. */
    private void recordFailure(Layout layout, Options options, Instant started, Exception e) throws IOException {
        Role role = options.target();
        boolean declined = e instanceof OperationException refusal && refusal.kind() == OperationException.Kind.DECLINED;
        // A revert is a snapshot command: its failure says nothing of the nightly reset a health check reads.
        if (!declined && options.revertTo().isEmpty()) {
            recordOutcome(layout, role, started, false, e.getMessage());
        }
        context.log(layout).record(options.revertTo().isPresent() ? Event.SNAPSHOT_FAILED : Event.RESET_FAILED,
                Duration.between(started, context.clock().instant()), options.revertTo()
                        .map(name -> "snapshot revert " + name).orElse(role.key()) + ": " + e.getMessage());
        RefusedWrite.rethrowExplained(e, options.revertTo().map(name -> "snapshot revert " + name)
                .orElse("reset " + role.key()), layout);
    }

    /**
     * What the new child stands on: the snapshot to revert to, the version under Current ({@code --to-parent}), or
     * the child's base.
     */
    private static ImageRef destination(Layout layout, Options options) throws OperationException {
        if (options.target() == Role.RECOVERY && (options.toParent() || options.revertTo().isPresent())) {
            throw new OperationException(OperationException.Kind.USAGE, "--to-parent and snapshots are for Current;"
                    + " Recovery always stands on its version, with no snapshot between");
        }
        if (options.revertTo().isPresent()) {
            String name = options.revertTo().get();
            return layout.tree().findByName(ImageRef.Kind.SNAPSHOT, name).map(TreeImage::ref).orElseThrow(() ->
                    new OperationException(OperationException.Kind.PRECONDITION, "there is no snapshot "
                            + LayoutText.shown(name) + "; `vhdboot snapshot list` shows them"));
        }
        return options.toParent() ? layout.currentVersion() : layout.standsOn(options.target());
    }

    private static ChildReplacement.Keep keep(Options options) {
        if (!options.keepOld()) {
            return ChildReplacement.Keep.NOTHING;
        }
        return options.revertTo().isPresent() ? ChildReplacement.Keep.SNAPSHOT : ChildReplacement.Keep.FILE;
    }

    /** The request itself and the layout around it, refused before anything is touched. */
    private void checkRequest(Layout loaded, Options options) throws IOException, OperationException {
        if (options.revertTo().isPresent()) {
            ImageName.check(options.revertTo().get(), "snapshot");
        }
        new Preflight(context.platform(), context.reporter()).checkLayout("reset", loaded);
        if (options.keepOld()) {
            // Kept, the old child becomes a snapshot of the record; a plain reset adds nothing and always runs.
            LayoutFile.requireRoomToGrow(loaded, what(options) + " --keep-old");
        }
    }

    /** The command as its refusals name it: a revert is the user's snapshot command, not a reset. */
    private static String what(Options options) {
        return options.revertTo().isPresent() ? "snapshot revert" : "reset";
    }

    /** Everything that must hold before the old child may go; returns the parent's identity as verified. */
    private Layout.ParentIdentity checkSafeToReplace(Layout layout, Role role, ImageRef destination, String what)
            throws IOException, OperationException {
        Path target = layout.childPath(role);
        RunningSystem running = new RunningSystem(context);
        if (running.bootedFrom(layout).runningFrom(role.key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, what + " refused: running from "
                    + role.label() + " (" + layout.child(role).file() + "); boot " + role.other().label()
                    + " or WinPE and run the " + what + " there");
        }
        if (context.platform().inUse(target)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, what + " refused: "
                    + layout.child(role).file() + " is in use by another program (attached or open); detach it first");
        }
        ParentCheck parents = new ParentCheck(context);
        Layout.ParentIdentity identity = parents.verify(layout);
        // Only that it is there: making the new child opens its whole chain, and a broken one fails there, undone.
        parents.requireImage(layout, destination);
        ParentCheck.ChildLink link = parents.linkOf(target, layout.pathOf(layout.standsOn(role)));
        switch (link) {
            case OTHER_PARENT:
            case NOT_A_CHILD:
            case PARENT_CHANGED:
                throw new OperationException(OperationException.Kind.PARENT, what + " refused: "
                        + layout.child(role).file() + " " + link.describe() + " (the layout says it stands on "
                        + layout.standsOn(role) + "), so the layout and the files disagree; check " + Layout.INI_NAME
                        + " or run `vhdboot init` again");
            case NOT_A_FILE:
                throw ParentCheck.notReplaced(what + " refused: " + layout.child(role).file(),
                        "run the " + what + " again");
            case UNREADABLE:
                context.reporter().warn(layout.child(role).file() + " is unreadable; the " + what + " replaces it");
                break;
            default:
                break;
        }
        if (role == Role.CURRENT && !destination.equals(layout.standsOn(role))) {
            warnWhereCurrentLands(layout, destination); // a revert, or --to-parent: not every nightly reset
        }
        return identity;
    }

    private void warnWhereCurrentLands(Layout layout, ImageRef destination) {
        ImageRef versionAfter = layout.tree().versionUnder(destination).orElse(ImageRef.BASE_VERSION);
        if (!versionAfter.equals(layout.currentVersion())) {
            // A snapshot taken before an image commit or a switch stands on an older version.
            context.reporter().warn("Current will stand on version " + versionAfter.name() + " (" + destination.name()
                    + " stands on it), no longer on version " + layout.currentVersion().name());
        }
        int depth = layout.tree().depth(destination) + 1;
        if (depth > layout.maxDepth()) {
            // The snapshot was taken under a higher limit: going back to it is allowed, and said.
            context.reporter().warn("Current's chain will be " + depth + " links deep, more than max_depth = "
                    + layout.maxDepth() + " in " + Layout.INI_NAME + "; " + (destination.isSnapshot()
                    ? "deleting a snapshot " + destination.name() + " stands on (`vhdboot snapshot delete`) or"
                    + " flattening versions (`vhdboot image flatten`) shortens it"
                    : "flattening versions (`vhdboot image flatten`) shortens it"));
        }
    }

    private void confirm(Layout layout, Options options, ImageRef destination) throws OperationException {
        if (options.yes()) {
            return;
        }
        String question = "Replace " + layout.child(options.target()).file() + " with a fresh child of "
                + describe(layout, destination) + "? Everything changed in " + options.target().label()
                + (options.keepOld() ? " is kept" : " is lost") + ".";
        if (!context.reporter().confirm(question)) {
            throw new OperationException(OperationException.Kind.DECLINED, "reset cancelled; nothing was changed");
        }
    }

    /** {@code snapshot before-office (Gold-s-before-office.vhdx)}, or the parent's file. */
    private static String describe(Layout layout, ImageRef image) {
        String file = layout.tree().get(image).file();
        return image.isSnapshot() ? "snapshot " + image.name() + " (" + file + ")" : file;
    }

    private Result dryRun(Layout layout, Options options, Instant started) throws IOException, OperationException {
        Role role = options.target();
        ImageRef destination = destination(layout, options);
        Layout.ParentIdentity parent = checkSafeToReplace(layout, role, destination, what(options));
        new ExpansionSpace(context).check(layout, role, options.keepOld(), parent.virtualSize(), what(options));
        ResetFiles reset = ResetFiles.of(layout, role);
        Path target = reset.child();
        Path replacement = reset.replacement();
        List<String> plan = new ArrayList<>();
        Optional<OperationJournal> pending = OperationJournal.read(layout);
        if (pending.isPresent()) {
            plan.add("finish or undo " + pending.get().describe() + ", as " + OperationJournal.FILE_NAME + " records it");
        }
        plan.add("write " + OperationJournal.FILE_NAME + " (reset of " + role.key() + " in progress)");
        plan.add("create " + replacement.getFileName() + " as an empty child of " + describe(layout, destination)
                + " with the " + context.disks().engineName() + " engine, and flush it");
        if (options.keepOld() && Files.exists(target)) {
            plan.add(options.revertTo().isPresent() ? "rename " + target.getFileName() + " to the snapshot file of"
                    + " auto-" + "YYYYMMDD-HHMMSS (" + layout.snapshotFile("auto-YYYYMMDD-HHMMSS") + "), marked read-only"
                    : "rename " + target.getFileName() + " to " + reset.kept(context.clock().instant()).getFileName());
        }
        plan.add("rename " + replacement.getFileName() + " over " + target.getFileName() + " (atomic) and flush the folder");
        if (role == Role.CURRENT) {
            plan.add("record Current's base as " + destination + " in " + Layout.INI_NAME);
        }
        plan.add("remove " + OperationJournal.FILE_NAME);
        plan.add("record the result in " + Layout.INI_NAME + " and " + OperationLog.FILE_NAME);
        if (options.reboot()) {
            plan.add("restart the machine");
        }
        long took = Duration.between(started, context.clock().instant()).toMillis();
        return new Result(role, target, Optional.empty(), true, plan, Optional.empty(), took, false,
                destination.toString(), Optional.empty());
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
