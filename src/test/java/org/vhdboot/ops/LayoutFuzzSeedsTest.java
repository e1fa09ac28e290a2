package org.vhdboot.ops;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.Slot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzzing's seeds are what vhdboot would read without complaint on the arena's layout, so its mutants start past
 * the checks: every journal parses (a confirm or rollback beside the switch it acts on), as every kind there is, each
 * ini seed loads, and the mark is read.
 */
class LayoutFuzzSeedsTest {
    private static HostileArena arena;

    @BeforeAll
    static void makeArena() throws Exception {
        arena = HostileArena.create("vhd");
    }

    @AfterAll
    static void removeArena() throws Exception {
        arena.close();
    }

    @Test
    void everyJournalSeedParsesAndTogetherTheyAreEveryKind() throws Exception {
        Set<String> kinds = new HashSet<>();
        for (String journal : LayoutFuzzSeeds.journals()) {
            arena.restore();
            if (journal.contains("operation=image-confirm") || journal.contains("operation=image-rollback")) {
                // They act on the switch the ini records: the journal case's SWITCH_PENDING scene.
                Files.writeString(arena.layout.resolve(Layout.INI_NAME), arena.placed(LayoutFuzzSeeds.switchPending(arena)));
            }
            Files.writeString(OperationJournal.path(arena.layout), arena.placed(journal));
            OperationJournal read = OperationJournal.read(layout()).orElseThrow();
            kinds.add(read instanceof ImageJournal image ? image.operation().key() : read.getClass().getSimpleName());
        }
        Set<String> every = new HashSet<>(Set.of("ResetJournal", "SnapshotCreateJournal", "SnapshotDeleteJournal",
                "VersionRecordingJournal"));
        for (ImageJournal.Operation operation : ImageJournal.Operation.values()) {
            every.add(operation.key());
        }
        assertEquals(every, kinds);
    }

    @Test
    void everyIniSeedLoadsWithItsSections() throws Exception {
        for (String ini : LayoutFuzzSeeds.inis(arena)) {
            arena.restore();
            Files.writeString(arena.layout.resolve(Layout.INI_NAME), arena.placed(ini));
            Layout layout = layout();
            if (ini.contains("[switch]")) {
                assertTrue(layout.tree().find(VersionRecords.ref("v2")).isPresent());
                assertTrue(layout.lastSwitch().isPresent() && layout.lastPull().isPresent() && layout.pullPolicy()
                        .isPresent() && layout.slot(Slot.B).isPresent(), ini);
            }
        }
    }

    @Test
    void everyPendingMarkIsRead() throws Exception {
        for (String mark : LayoutFuzzSeeds.pendingMarks()) {
            arena.restore();
            Files.writeString(arena.layout.resolve(PendingReset.FILE_NAME), mark);
            assertTrue(PendingReset.read(arena.layout).orElseThrow().reset());
        }
    }

    private static Layout layout() throws Exception {
        Path ini = arena.layout.resolve(Layout.INI_NAME);
        return LayoutFile.load(ini);
    }
}
