package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootElement;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.files.KeptFile;
import org.vhdboot.files.NotAFileException;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The boot side of {@code vhdboot init}: the two entries a layout still lacks, planned from the template before any
 * change, then made, after a backup of the store when it has none yet. Rerun, it makes only what is missing.
 */
final class InitBootEntries {
    private final OperationContext context;

    InitBootEntries(OperationContext context) {
        this.context = context;
    }

    /** What {@link #apply} would do, for a dry run: the same command lines, the same copy. */
    void describe(Layout layout, BootStore store, List<BootChange> changes, List<String> actions,
            List<String> commands) {
        for (BootChange change : changes) {
            if (change instanceof BootChange.BackUp backUp && BootStoreBackup.byCopy(layout)) {
                actions.add(BootStoreBackup.describeCopy(layout, backUp.file(), "copy "));
            } else {
                commands.addAll(store.describe(change));
            }
        }
    }

    /** Applies {@code changes}: bcdedit runs them, a script store writes them all again, a copy backs up. */
    void apply(Layout layout, BootStore store, List<BootChange> changes, List<String> actions,
            List<String> commands) throws IOException, OperationException {
        if (store.kind().writesScript()) {
            writeScript(layout, store, changes, commands);
            return;
        }
        try {
            for (BootChange change : changes) {
                if (change instanceof BootChange.BackUp backUp) {
                    layout.setBackupFile(layout.folder().relativize(backUp.file()).toString());
                }
                if (change instanceof BootChange.BackUp backUp && BootStoreBackup.byCopy(layout)) {
                    BootStoreBackup.copy(layout, backUp.file(), context.steps());
                    actions.add(BootStoreBackup.describeCopy(layout, backUp.file(), "copied "));
                } else {
                    commands.addAll(store.describe(change));
                    store.apply(change);
                }
                if (change instanceof BootChange.BackUp) {
                    LayoutFile.save(layout, context.steps());
                }
            }
        } catch (BootStoreException e) {
            throw new OperationException(OperationException.Kind.BOOT_STORE, "the boot store refused a change ("
                    + e.getMessage() + "); run init again to complete the missing entries", e);
        }
    }

    /**
     * A script store cannot be read back, so the whole script is written again; when it comes out the same,
     * nothing changed.
     */
    private void writeScript(Layout layout, BootStore store, List<BootChange> changes, List<String> commands)
            throws IOException, OperationException {
        Path script = BootStores.scriptPath(layout);
        Path draft = StagedFile.temporaryFor(script);
        context.steps().delete(draft);
        BootStore drafting = context.bootStores().openScript(layout, draft);
        List<String> written = new ArrayList<>();
        try {
            for (BootChange change : changes) {
                written.addAll(store.describe(change));
                drafting.apply(change);
            }
        } catch (BootStoreException e) {
            context.steps().delete(draft);
            throw new OperationException(OperationException.Kind.BOOT_STORE, "cannot write " + script.getFileName()
                    + ": " + e.getMessage(), e);
        }
        try {
            KeptFile.requireFileOrAbsent(script); // planted since the up-front check: comparing would read it
        } catch (NotAFileException planted) {
            context.steps().delete(draft);
            throw planted;
        }
        // The script appears whole or not at all; the same script again is no change.
        boolean same = Files.exists(script) && Files.mismatch(script, draft) == -1;
        if (same) {
            context.steps().delete(draft);
        } else {
            context.steps().move(draft, script, true);
            commands.addAll(written);
        }
    }

    /** The changes still needed, preceded by a backup of the store ({@link BootStoreBackup}) when it has none yet. */
    List<BootChange> changes(Layout layout, BootStore store, String template) throws OperationException {
        if (!store.kind().makesEntries()) {
            return List.of();
        }
        Map<Role, List<BootElement>> wanted = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            wanted.put(role, new EntryElements(context).forFile(layout, template, layout.child(role).file()));
        }
        List<BootChange> changes;
        try {
            changes = new ArrayList<>(BootPlan.forLayout(layout, store, wanted));
        } catch (BootStoreException e) {
            throw new OperationException(OperationException.Kind.BOOT_STORE, "cannot read the boot store: "
                    + e.getMessage(), e);
        }
        if (!changes.isEmpty() && layout.backupFile().isEmpty() && store.kind().backsUpFirst()) {
            changes.add(0, new BootChange.BackUp(BootStoreBackup.fileFor(layout, context.clock().instant())));
        }
        return changes;
    }
}
