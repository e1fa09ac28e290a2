package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.boot.BootStoreKind;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vhdboot remove}: take vhdboot's boot entries out of the boot store and, if asked, delete the two
 * children. The parent is never deleted; it stays read-only.
 */
public final class RemoveOperation {

    public record Options(boolean deleteChildren, boolean yes) {
    }

    public record Result(List<String> commands, List<String> deleted, BootStoreKind bootStore) {
    }

    private final OperationContext context;

    public RemoveOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        new Preflight(context.platform(), context.reporter()).checkLayout("remove", loaded);
        // A journal vhdboot could not have written is refused before the lock, the log or the ini is touched.
        OperationJournal.read(loaded);
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "remove")) {
            Layout layout = LayoutFile.load(loaded.iniPath());
            Optional<OperationJournal> pending = OperationJournal.read(layout);
            if (options.deleteChildren() && pending.isPresent()) {
                // Deleting the children under it would strand its files; finishing it may need another system
                // (a reset of the running Current, a confirm in the new slot): the admin runs it, then remove.
                throw new OperationException(OperationException.Kind.PRECONDITION, pending.get().interrupted(layout)
                        + ", then run remove again");
            }
            if (options.deleteChildren()) {
                confirmDeletion(layout, options.yes());
            }
            List<String> commands = removeEntries(layout);
            List<String> deleted = new ArrayList<>();
            if (options.deleteChildren()) {
                deleteChildren(layout, deleted);
                context.steps().delete(layout.iniPath());
            } else {
                for (Role role : Role.values()) {
                    Layout.Child child = layout.child(role);
                    layout.setChild(role, new Layout.Child(child.file(), null, child.description()));
                }
                Slot other = layout.activeSlot().other();
                layout.slot(other).ifPresent(c -> layout.setSlot(other, new Layout.Child(c.file(), null,
                        c.description())));
                LayoutFile.save(layout, context.steps());
            }
            context.log(layout).record(Event.REMOVE_DONE, Duration.between(started, context.clock().instant()),
                    commands.size() + " boot store command(s), deleted " + deleted);
            return new Result(commands, deleted, layout.bootStore());
        }
    }

    private List<String> removeEntries(Layout layout) throws OperationException {
        List<String> commands = new ArrayList<>();
        if (!layout.bootStore().makesEntries()) {
            return commands; // the user keeps the boot menu; vhdboot made no entries to take out
        }
        List<Layout.Child> children = new ArrayList<>();
        for (Role role : Role.values()) {
            children.add(layout.child(role));
        }
        // The slot a switch prepared, or the previous one kept as the fallback, has an entry too.
        layout.slot(layout.activeSlot().other()).ifPresent(children::add);
        children.removeIf(child -> child.entryId() == null);
        // A script store gets its own removal script rather than lines appended to the creation script.
        boolean script = layout.bootStore().writesScript();
        Path removal = layout.folder().resolve(BootStores.REMOVAL_SCRIPT_FILE);
        if (script && children.isEmpty()) {
            return commands; // removed before: the script that run wrote stays for the admin to run
        }
        if (script) {
            try {
                context.steps().delete(removal);
            } catch (IOException e) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "cannot replace " + removal + ": "
                        + e.getMessage(), e);
            }
        }
        BootStore store = script ? context.bootStores().openScript(layout, removal) : context.bootStores().open(layout);
        try {
            for (Layout.Child child : children) {
                if (store.readable() && store.entry(child.entryId()).isEmpty()) {
                    continue;
                }
                BootChange change = new BootChange.DeleteEntry(child.entryId());
                commands.addAll(store.describe(change));
                store.apply(change);
            }
        } catch (BootStoreException e) {
            throw new OperationException(OperationException.Kind.BOOT_STORE, "the boot store refused to remove an"
                    + " entry (" + e.getMessage() + "); run remove again", e);
        }
        return commands;
    }

    private void confirmDeletion(Layout layout, boolean yes) throws IOException, OperationException {
        RunningSystem running = new RunningSystem(context);
        for (Role role : Role.values()) {
            if (running.bootedFrom(layout).runningFrom(role.key())) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "remove refused: running from "
                        + role.label() + "; boot another system to delete the children");
            }
            if (context.platform().inUse(layout.childPath(role))) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "remove refused: "
                        + layout.child(role).file() + " is in use by another program");
            }
        }
        Slot other = layout.activeSlot().other();
        if (layout.slot(other).isPresent() && running.bootedFrom(layout).runningFrom(other.runningKey())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "remove refused: running from slot "
                    + other.key() + "; boot another system to delete the children");
        }
        if (!yes && !context.reporter().confirm("Delete " + layout.child(Role.CURRENT).file() + " and "
                + layout.child(Role.RECOVERY).file() + "? Everything in them is lost; " + layout.parentFile()
                + " stays.")) {
            throw new OperationException(OperationException.Kind.DECLINED, "remove cancelled; nothing was changed");
        }
    }

    private void deleteChildren(Layout layout, List<String> deleted) throws IOException {
        List<Path> children = new ArrayList<>();
        for (Role role : Role.values()) {
            children.add(layout.childPath(role));
        }
        Slot other = layout.activeSlot().other();
        if (layout.slot(other).isPresent()) {
            children.add(layout.slotPath(other));
        }
        for (Path child : children) {
            if (Files.exists(child)) {
                context.steps().delete(child);
                deleted.add(child.getFileName().toString());
            }
        }
    }
}
