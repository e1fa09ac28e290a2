package org.vhdboot.ops;

import org.vhdboot.files.KeptFile;
import org.vhdboot.files.NotAFileException;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.PendingReset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files vhdboot keeps in a layout folder under fixed names: its locks, the journal, the pending mark and the boot
 * scripts. A folder, a pipe or a device planted at one stops every changing command before it changes anything, and
 * {@code status} reports it, so nobody learns of it half way through a command (or from the agent's failed night).
 * The log is not one of them: a command whose log cannot be written logs to the event log alone.
 */
final class FixedNames {
    static final List<String> NAMES = List.of(LayoutLock.FILE_NAME, LayoutLock.AGENT_FILE_NAME,
            ImagePullOperation.TRANSFER_LOCK, OperationJournal.FILE_NAME, PendingReset.FILE_NAME,
            BootStores.SCRIPT_FILE, BootStores.REMOVAL_SCRIPT_FILE);

    private FixedNames() {
    }

    /** Refuses, with the first one's sentence, when something other than a file lies at one of the names. */
    static void refusePlanted(Path folder) throws NotAFileException {
        for (String name : NAMES) {
            KeptFile.requireFileOrAbsent(folder.resolve(name));
        }
    }

    /** One sentence for each name where something other than a file lies. */
    static List<String> planted(Path folder) {
        List<String> found = new ArrayList<>();
        for (String name : NAMES) {
            try {
                KeptFile.requireFileOrAbsent(folder.resolve(name));
            } catch (NotAFileException e) {
                found.add(e.getMessage());
            }
        }
        return found;
    }
}
