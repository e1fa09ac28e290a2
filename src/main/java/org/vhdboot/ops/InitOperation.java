package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreKind;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutFileName;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.LayoutName;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code vhdboot init}: turn a golden parent into a rollback layout: protect the parent, create the Current
 * and Recovery children beside it, record everything in {@code vhdboot.ini}, back up the boot store, and add
 * two boot entries (Current default, Recovery second). Idempotent: each step checks what is already there,
 * so a second run changes nothing and a run after a partial failure completes only what is missing.
 */
public final class InitOperation {
    private static final String RESTRICTED = "restricted access to Administrators and SYSTEM: ";

    /**
     * Every empty option keeps the layout's setting, or the default for a new layout.
     *
     * @param template {@code auto} (default), {@code uefi}, {@code bios} or an ini file
     * @param timeout boot menu timeout in seconds (default 5)
     * @param storeFile an offline BCD file for {@code bcdedit /store}
     * @param bootStore {@code bcdedit} (default), {@code script} or {@code none}
     * @param bootFolder the layout folder as Windows will see it at boot, e.g. {@code C:\VHD}; needed only
     *                   when preparing a layout outside Windows
     */
    public record Options(Path parent, Optional<String> name, Optional<String> template, Optional<Integer> timeout,
                          Optional<String> storeFile, Optional<String> bootStore, Optional<String> bootFolder,
                          boolean dryRun) {
    }

    /**
     * @param actions file actions taken (or planned, in a dry run)
     * @param commands boot store command lines run (or planned)
     */
    public record Result(Path ini, List<String> actions, List<String> commands, BootStoreKind bootStore, boolean dryRun) {
        public boolean changedNothing() {
            return actions.isEmpty() && commands.isEmpty();
        }
    }

    private final OperationContext context;
    private final InitBootEntries bootEntries;

    public InitOperation(OperationContext context) {
        this.context = context;
        this.bootEntries = new InitBootEntries(context);
    }

    public Result run(Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        Path parent = options.parent().toAbsolutePath().normalize();
        Path folder = parent.getParent();
        new Preflight(context.platform(), context.reporter()).check("init", folder);
        Optional<BootStoreKind> bootStore = checkOptions(options);
        Layout.ParentIdentity identity = validateParent(parent);
        Layout layout = loadOrPlan(parent, identity, options, bootStore);
        FixedNames.refusePlanted(layout); // init learns its layout's names only now, before its first change
        // Every boot setting is checked before the first change, so a bad one leaves nothing half done.
        String template = checkBootSettings(layout);
        List<String> actions = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        boolean existing = Files.exists(layout.iniPath());
        if (options.dryRun()) {
            if (existing) {
                refuseWhatAJobOwns(layout);
            }
            planFiles(layout, parent, actions);
            BootStore store = context.bootStores().open(layout);
            bootEntries.describe(layout, store, bootEntries.changes(layout, store, template), actions, commands);
            return new Result(layout.iniPath(), actions, commands, layout.bootStore(), true);
        }
        if (Files.exists(OperationJournal.path(folder))) {
            OperationJournal.read(layout); // a journal vhdboot could not have written stops init before the lock
        }
        try (LayoutLock lock = LayoutLock.acquire(folder, "init")) {
            if (existing) {
                refuseWhatAJobOwns(layout);
            }
            // The boot store is read before the first change too: one that cannot run leaves nothing half done.
            BootStore store = context.bootStores().open(layout);
            List<BootChange> changes = bootEntries.changes(layout, store, template);
            // First, so the files made below inherit the folder's new permissions.
            if (othersMayWrite(folder)) {
                context.platform().restrictToAdministrators(folder);
                actions.add(RESTRICTED + folder);
            }
            if (ReadOnlyMark.mark(parent)) {
                actions.add("marked " + parent.getFileName() + " read-only");
            }
            markImagesUnder(parent, actions);
            for (Role role : Role.values()) {
                createChildIfMissing(layout, role, actions);
            }
            saveIni(layout, actions);
            bootEntries.apply(layout, store, changes, actions, commands);
            String summary = actions.isEmpty() && commands.isEmpty() ? "nothing to do, the layout is complete"
                    : actions.size() + " file action(s), " + commands.size() + " boot store command(s)";
            summary += changes.stream().filter(BootChange.BackUp.class::isInstance).findFirst()
                    .map(backup -> "; boot store backed up to " + ((BootChange.BackUp) backup).file().getFileName())
                    .orElse("");
            context.log(layout).record(Event.INIT_DONE, Duration.between(started, context.clock().instant()),
                    layout.name() + ": " + summary);
            return new Result(layout.iniPath(), actions, commands, layout.bootStore(), false);
        }
    }

    /**
     * What a half-done job owns, init leaves to it: the boot entries of a switch, confirm, rollback or prune (init
     * sets the default and the names from the ini, which such a job writes last), and a child the job is replacing
     * (a commit moving Current into a version: remade here, it would stand on the wrong image). The rest it repairs.
     */
    private static void refuseWhatAJobOwns(Layout layout) throws IOException, OperationException {
        Optional<OperationJournal> pending = OperationJournal.read(layout);
        if (pending.isEmpty()) {
            return;
        }
        OperationJournal job = pending.get();
        String then = " was interrupted; " + job.finishedBy(layout) + ": run that, then init again";
        if (job.changesBootEntries()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "init would set the boot entries that "
                    + job.describe() + " was changing when it" + then);
        }
        for (Role role : Role.values()) {
            if (job.touches(role) && !Files.exists(layout.childPath(role))) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "init would make "
                        + layout.child(role).file() + ", which " + job.describe() + " was replacing when it" + then);
            }
        }
    }

    private Layout.ParentIdentity validateParent(Path parent) throws IOException, OperationException {
        DiskFormat format = DiskFormat.fromPath(parent);
        if (format == DiskFormat.RAW) {
            throw new OperationException(OperationException.Kind.USAGE, "the parent must be a .vhdx (or legacy .vhd)"
                    + " image; convert it with `vhdboot vhd convert`");
        }
        Layout.ParentIdentity identity = new ParentCheck(context).identify(parent);
        // Booted from one of its children, Windows holds the parent, and what it stands on, open by design.
        List<Path> chain = new ArrayList<>(List.of(parent));
        chain.addAll(new ParentCheck(context).imagesUnder(parent));
        for (Path image : chain) {
            if (context.platform().inUse(image) && !runningFromAChild(parent)) {
                throw new OperationException(OperationException.Kind.PRECONDITION, shown(parent.getParent(), image)
                        + " is in use by another program (attached or open); detach it first");
            }
        }
        if (format == DiskFormat.VHD) {
            context.reporter().warn("Windows 10 and 11 boot natively only from .vhdx; a .vhd layout is for older"
                    + " Windows");
        }
        return identity;
    }

    /**
     * Marks the images a differencing parent stands on, as the parent is marked. Another layout or folder may hold
     * them, on a volume init cannot change: then a warning, since the layout works all the same.
     */
    private void markImagesUnder(Path parent, List<String> actions) throws IOException {
        for (Path base : new ParentCheck(context).imagesUnder(parent)) {
            try {
                if (ReadOnlyMark.mark(base)) {
                    actions.add("marked " + shown(parent.getParent(), base) + " read-only");
                }
            } catch (IOException e) {
                context.reporter().warn("could not mark " + base + ", under the parent, read-only ("
                        + e.getMessage() + "); a write to it would break the layout");
            }
        }
    }

    /** A file in the layout folder by its name, any other by its whole path, so the admin sees what init changes. */
    private static String shown(Path folder, Path file) {
        return folder.equals(file.getParent()) ? file.getFileName().toString() : file.toString();
    }

    private boolean runningFromAChild(Path parent) throws IOException {
        Path ini = parent.getParent().resolve(Layout.INI_NAME);
        if (!Files.exists(ini)) {
            return false;
        }
        try {
            return new RunningSystem(context).bootedFrom(LayoutFile.load(ini)).role().isPresent();
        } catch (LayoutException e) {
            return false;
        }
    }

    /** Writes the ini, saying so when it is new or a rerun changed it (--template, --timeout): not "nothing to do". */
    private void saveIni(Layout layout, List<String> actions) throws IOException {
        byte[] before = Files.exists(layout.iniPath()) ? Files.readAllBytes(layout.iniPath()) : null;
        LayoutFile.save(layout, context.steps());
        if (before == null) {
            actions.add("wrote " + Layout.INI_NAME);
        } else if (!Arrays.equals(before, Files.readAllBytes(layout.iniPath()))) {
            actions.add("updated " + Layout.INI_NAME);
        }
    }

    /** @return the boot store option, parsed */
    private static Optional<BootStoreKind> checkOptions(Options options) throws OperationException {
        if (options.name().isPresent()) {
            LayoutName.check(options.name().get(), "--name", "");
        }
        Optional<String> folderProblem = options.bootFolder().flatMap(BootFolder::problem);
        if (folderProblem.isPresent()) {
            throw new OperationException(OperationException.Kind.USAGE, "--boot-folder '"
                    + LayoutText.shown(options.bootFolder().get()) + "' " + folderProblem.get());
        }
        Optional<BootStoreKind> bootStore;
        try {
            bootStore = options.bootStore().map(BootStoreKind::parse);
        } catch (IllegalArgumentException e) {
            throw new OperationException(OperationException.Kind.USAGE, "--boot-store must be " + BootStoreKind.CHOICES);
        }
        if (options.timeout().isPresent()
                && (options.timeout().get() < 0 || options.timeout().get() > Layout.MAX_TIMEOUT_SECONDS)) {
            throw new OperationException(OperationException.Kind.USAGE, "--timeout must be between 0 and "
                    + Layout.MAX_TIMEOUT_SECONDS + " seconds");
        }
        return bootStore;
    }

    /** @return the template the boot entries are made from; null when vhdboot makes no entries */
    private String checkBootSettings(Layout layout) throws OperationException {
        if (!layout.bootStore().makesEntries()) {
            return null;
        }
        EntryElements entries = new EntryElements(context);
        String template = entries.template(layout);
        for (Role role : Role.values()) {
            entries.forFile(layout, template, layout.child(role).file());
        }
        return template;
    }

    /** The existing layout beside the parent, or a new one with fresh entry GUIDs. */
    private Layout loadOrPlan(Path parent, Layout.ParentIdentity identity, Options options,
            Optional<BootStoreKind> bootStore) throws IOException, OperationException {
        Path folder = parent.getParent();
        Path ini = folder.resolve(Layout.INI_NAME);
        Layout layout;
        if (Files.exists(ini)) {
            layout = LayoutFile.load(ini);
            if (!layout.parentFile().equals(parent.getFileName().toString())) {
                throw new OperationException(OperationException.Kind.PRECONDITION, folder + " already holds a layout"
                        + " for " + layout.parentFile() + "; use another folder for " + parent.getFileName());
            }
            if (options.name().isPresent() && !options.name().get().equals(layout.name())) {
                // Its files and menu texts carry the name: a rename is a new layout, not a rerun.
                throw new OperationException(OperationException.Kind.USAGE, folder + " holds the layout named "
                        + layout.name() + "; --name " + options.name().get() + " would rename its files: leave"
                        + " --name out, or `vhdboot remove --delete-children` and run init again");
            }
            if (layout.parentIdentity().isPresent() && !layout.parentIdentity().get().linkId().equals(identity.linkId())) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "the parent " + parent.getFileName()
                        + " was modified since the layout was made, so its children are invalid; remove them with"
                        + " `vhdboot remove --delete-children` and run init again");
            }
        } else {
            layout = new Layout(folder);
            DiskFormat format = DiskFormat.fromPath(parent);
            String name = options.name().orElse(stem(parent));
            LayoutName.check(name, options.name().isPresent() ? "--name" : "the parent's name", "; give one with --name");
            layout.setName(name);
            layout.setFormat(format);
            layout.setParentFile(parent.getFileName().toString());
            layout.setCreated(context.clock().instant());
            for (Role role : Role.values()) {
                layout.setChild(role, new Layout.Child(name + "-" + role.label() + "." + format.extension(),
                        entryId(folder, identity, role), name + " (" + role.label() + ")"));
            }
            LayoutFileName.checkNewLayout(layout);
        }
        for (Role role : Role.values()) {
            Layout.Child child = layout.child(role);
            if (child.entryId() == null) {
                // `remove` cleared it: the entry comes back with the layout's own GUID (the active slot's).
                layout.setChild(role, new Layout.Child(child.file(), role == Role.CURRENT
                        ? SlotEntries.entryId(layout, layout.activeSlot()) : entryId(folder, identity, role),
                        child.description()));
            }
        }
        layout.setParentIdentity(identity);
        options.template().ifPresent(layout::setTemplate);
        options.timeout().ifPresent(layout::setTimeout);
        bootStore.ifPresent(layout::setBootStore);
        options.storeFile().ifPresent(layout::setStoreFile);
        options.bootFolder().ifPresent(layout::setBootFolder);
        return layout;
    }

    /**
     * Entry GUIDs are derived from the layout (folder, parent identity, role) rather than random, so a dry run
     * shows exactly the GUIDs the real run will use, and a layout rebuilt in place gets its entries back.
     */
    static UUID entryId(Path folder, Layout.ParentIdentity parent, Role role) {
        return entryId(folder, parent, role.key());
    }

    /** The same for any child: {@code current}, {@code recovery}, or slot b's {@code current.b}. */
    static UUID entryId(Path folder, Layout.ParentIdentity parent, String key) {
        String name = "vhdboot:" + folder.toAbsolutePath().normalize() + ":" + parent.linkId().toLowerCase(Locale.ROOT)
                + ":" + key;
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private void planFiles(Layout layout, Path parent, List<String> actions) throws IOException {
        if (othersMayWrite(layout.folder())) {
            actions.add("restrict access to " + layout.folder() + " to Administrators and SYSTEM");
        }
        if (!ReadOnlyMark.isMarked(parent)) {
            actions.add("mark " + parent.getFileName() + " read-only");
        }
        for (Path base : new ParentCheck(context).imagesUnder(parent)) {
            if (!ReadOnlyMark.isMarked(base)) {
                actions.add("mark " + shown(layout.folder(), base) + " read-only");
            }
        }
        for (Role role : Role.values()) {
            if (!Files.exists(layout.childPath(role))) {
                actions.add("create " + layout.child(role).file() + " as an empty child of " + layout.parentFile());
            }
        }
        actions.add((Files.exists(layout.iniPath()) ? "update " : "write ") + Layout.INI_NAME);
    }

    /**
     * The agent acts on the layout's files as SYSTEM, so on Windows only Administrators and SYSTEM may change
     * them; elsewhere the admin sets permissions and status warns.
     */
    private boolean othersMayWrite(Path folder) throws IOException {
        return context.platform().isWindows() && !context.platform().otherWriters(folder).isEmpty();
    }

    private void createChildIfMissing(Layout layout, Role role, List<String> actions)
            throws IOException, OperationException {
        Path child = layout.childPath(role);
        // After a switch or a revert, Current and Recovery may stand on a version or a snapshot: the one recorded.
        Path parent = layout.pathOf(layout.standsOn(role));
        ParentCheck.ChildLink link = new ParentCheck(context).linkOf(child, parent);
        if (link == ParentCheck.ChildLink.LINKED) {
            return;
        }
        if (link != ParentCheck.ChildLink.MISSING) {
            throw new OperationException(OperationException.Kind.PRECONDITION, child.getFileName() + " exists but "
                    + (link == ParentCheck.ChildLink.NOT_A_FILE ? "is " + link.describe() + "; move it away and run init"
                    + " again" : link.describe() + "; move it away or run `vhdboot reset " + role.key() + "` after init"));
        }
        Path temporary = StagedFile.temporaryFor(child);
        context.createChild(layout, temporary, parent);
        context.steps().move(temporary, child, false);
        actions.add("created " + child.getFileName() + " as an empty child of " + parent.getFileName());
    }
}
