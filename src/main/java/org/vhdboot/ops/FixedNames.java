package org.vhdboot.ops;

import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.files.KeptFile;
import org.vhdboot.files.NotAFileException;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files vhdboot keeps in a layout folder under names it knows before a command starts: its locks, the journal,
 * the pending mark, the boot scripts, and the temporaries it writes the ini, the journal, the pending mark and the
 * children and slots under. A folder, a pipe, a device or a link planted at one stops every changing command before it
 * changes anything, and {@code status} reports it, so nobody meets it half way through a command (or in the agent's
 * failed night). The log is not one of them: a command whose log cannot be written logs to the event log alone.
 */
final class FixedNames {
    private static final List<String> NAMES = List.of(LayoutLock.FILE_NAME, LayoutLock.AGENT_FILE_NAME,
            ImagePullOperation.TRANSFER_LOCK, OperationJournal.FILE_NAME, PendingReset.FILE_NAME,
            BootStores.SCRIPT_FILE, BootStores.REMOVAL_SCRIPT_FILE);
    /** Written whole under a temporary name, then renamed over: the temporary is a fixed name too. */
    private static final List<String> REPLACED = List.of(Layout.INI_NAME, OperationJournal.FILE_NAME,
            PendingReset.FILE_NAME, BootStores.SCRIPT_FILE);

    private FixedNames() {
    }

    /** The fixed names of {@code layout}'s folder, with the temporaries of its children and slots. */
    private static Set<Path> of(Layout layout) {
        Path folder = layout.folder();
        Set<Path> names = new LinkedHashSet<>();
        NAMES.forEach(name -> names.add(folder.resolve(name)));
        REPLACED.forEach(name -> names.add(StagedFile.temporaryFor(folder.resolve(name))));
        for (Role role : Role.values()) {
            names.add(StagedFile.temporaryFor(layout.childPath(role)));
        }
        for (Slot slot : Slot.values()) {
            names.add(StagedFile.temporaryFor(layout.slotPath(slot)));
        }
        return names;
    }

    /** Refuses, with the first one's sentence, when something other than a file lies at one of the layout's names. */
    static void refusePlanted(Layout layout) throws NotAFileException {
        for (Path name : of(layout)) {
            KeptFile.requireOwnFileOrAbsent(name);
        }
    }

    /** One sentence for each of the layout's names where something other than a file lies. */
    static List<String> planted(Layout layout) {
        return of(layout).stream().map(FixedNames::problemAt).flatMap(Optional::stream).toList();
    }

    /** Whether something other than a file (a link included) lies at {@code file}, then reported rather than read. */
    static boolean isPlanted(Path file) {
        return problemAt(file).isPresent();
    }

    private static Optional<String> problemAt(Path name) {
        try {
            KeptFile.requireOwnFileOrAbsent(name);
            return Optional.empty();
        } catch (NotAFileException e) {
            return Optional.of(e.getMessage());
        }
    }
}
