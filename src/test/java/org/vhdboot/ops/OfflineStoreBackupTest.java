package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.BcdeditCommands;
import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootEntry;
import org.vhdboot.boot.BootManagerState;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.boot.BootStoreKind;
import org.vhdboot.boot.BootTemplate;
import org.vhdboot.boot.BootTemplateException;
import org.vhdboot.boot.WindowsCommandLine;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * init --store FILE: Microsoft documents {@code bcdedit /export} for the system store only, so an offline store
 * is backed up by copying its file (temporary file, fsync, rename) before the first change, and the copy is
 * recorded in vhdboot.ini and vhdboot.log.
 */
class OfflineStoreBackupTest {
    @TempDir
    Path dir;

    private LayoutFixture layout;
    private Path storeFile;
    private OfflineStore store;
    private final List<String> reported = new ArrayList<>();

    /** bcdedit on an offline store: every change lands in the file, and /export is refused as bcdedit documents. */
    private static final class OfflineStore implements BootStore {
        final BcdeditCommands commands;
        final Path file;
        final List<BootChange> applied = new ArrayList<>();
        final Map<UUID, Map<String, List<String>>> entries = new HashMap<>();
        final List<UUID> displayOrder = new ArrayList<>();
        Optional<UUID> defaultEntry = Optional.empty();
        Optional<Integer> timeout = Optional.empty();

        OfflineStore(Path file) {
            this.file = file;
            this.commands = BcdeditCommands.offlineStore("bcdedit", file);
        }

        @Override
        public BootStoreKind kind() {
            return BootStoreKind.BCDEDIT;
        }

        @Override
        public boolean readable() {
            return true;
        }

        @Override
        public Optional<BootEntry> entry(UUID id) {
            return Optional.ofNullable(entries.get(id)).map(elements -> new BootEntry(id, elements));
        }

        @Override
        public BootManagerState manager() {
            return new BootManagerState(defaultEntry, displayOrder, timeout, List.of());
        }

        @Override
        public Optional<BootEntry> current() {
            return Optional.empty();
        }

        @Override
        public void apply(BootChange change) throws BootStoreException {
            if (change instanceof BootChange.BackUp) {
                throw new BootStoreException("bcdedit /store " + file + " /export failed: exports the system store only");
            }
            applied.add(change);
            if (change instanceof BootChange.CreateEntry create) {
                entries.put(create.id(), new HashMap<>(Map.of("description", List.of(create.description()))));
                create.elements().forEach(element -> entries.get(create.id()).put(element.name(), List.of(element.value())));
            } else if (change instanceof BootChange.SetElements set) {
                set.elements().forEach(element -> entries.get(set.id()).put(element.name(), List.of(element.value())));
            } else if (change instanceof BootChange.PlaceInMenu place && place.place() == BootChange.MenuPlace.FIRST) {
                displayOrder.remove(place.id());
                displayOrder.add(0, place.id());
            } else if (change instanceof BootChange.SetDefault setDefault) {
                defaultEntry = Optional.of(setDefault.id());
            } else if (change instanceof BootChange.SetTimeout setTimeout) {
                timeout = Optional.of(setTimeout.seconds());
            }
            try {
                Files.writeString(file, change + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new BootStoreException(e.getMessage(), e);
            }
        }

        @Override
        public List<String> describe(BootChange change) {
            return commands.commandLines(change).stream().map(WindowsCommandLine::forConsole).toList();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        layout = new LayoutFixture(dir);
        layout.buildParent();
        storeFile = Files.write(dir.resolve("BCD"), "regf offline store as it was".getBytes(StandardCharsets.US_ASCII));
        store = new OfflineStore(storeFile);
    }

    private InitOperation.Result init(boolean dryRun) throws Exception {
        TestWorld world = new TestWorld();
        world.platform.windows = true;
        BootStoreFactory stores = new BootStoreFactory() {
            @Override
            public BootStore open(Layout ignored) {
                return store;
            }

            @Override
            public BootStore openScript(Layout ignored, Path script) {
                throw new AssertionError("no script store here");
            }
        };
        EntryRecipes recipes = (template, vhd) -> {
            try {
                return BootTemplate.resolve(template).elementsFor(vhd);
            } catch (BootTemplateException e) {
                throw new AssertionError(e);
            }
        };
        Reporter reporter = new Reporter() {
            @Override
            public void info(String message) {
                reported.add(message);
            }

            @Override
            public void warn(String message) {
                reported.add(message);
            }

            @Override
            public boolean confirm(String question) {
                return true;
            }
        };
        world.with(EntryRecipes.class, recipes);
        OperationContext context = new OperationContext(world.world(), DiskAccess.choose("java", world.world()), stores,
                reporter);
        return new InitOperation(context).run(new InitOperation.Options(layout.parent, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(storeFile.toString()), Optional.empty(),
                Optional.of("C:\\VHD"), dryRun));
    }

    @Test
    void theStoreFileIsCopiedBeforeTheFirstChangeAndNeverExported() throws Exception {
        byte[] before = Files.readAllBytes(storeFile);

        InitOperation.Result result = init(false);

        String backup = LayoutFile.load(dir.resolve(Layout.INI_NAME)).backupFile().orElseThrow();
        assertTrue(backup.matches("vhdboot-bcd-backup-\\d{8}-\\d{6}\\.bcd"), backup);
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(backup)), "the backup holds the store as it was");
        assertFalse(new String(Files.readAllBytes(storeFile), StandardCharsets.US_ASCII).equals(new String(before,
                StandardCharsets.US_ASCII)), "the entries went into the store itself");
        assertTrue(result.actions().contains("copied the boot store " + storeFile + " to " + backup + " (a backup)"),
                result.actions().toString());
        assertTrue(result.commands().stream().noneMatch(command -> command.contains("/export")), result.commands().toString());
        assertTrue(result.commands().stream().allMatch(command -> command.startsWith("bcdedit /store " + storeFile + " ")),
                result.commands().toString());
        assertTrue(store.applied.stream().noneMatch(BootChange.BackUp.class::isInstance));
        assertTrue(store.applied.get(0) instanceof BootChange.CreateEntry, "the copy came first: " + store.applied);
        String log = Files.readString(dir.resolve(OperationLog.FILE_NAME), StandardCharsets.UTF_8);
        assertTrue(log.contains(" init     ok ") && log.contains("boot store backed up to " + backup), log);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().contains(".vhdboot-tmp")), "no temporary file left");
        }
    }

    @Test
    void aDryRunNamesTheCopyAndCopiesNothing() throws Exception {
        InitOperation.Result result = init(true);

        assertTrue(result.actions().stream().anyMatch(action -> action.matches(
                "copy the boot store \\Q" + storeFile + "\\E to vhdboot-bcd-backup-\\d{8}-\\d{6}\\.bcd \\(a backup\\)")),
                result.actions().toString());
        assertTrue(result.commands().stream().noneMatch(command -> command.contains("/export")));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().startsWith("vhdboot-bcd-backup-")));
        }
    }

    @Test
    void aSecondRunMakesNoSecondBackup() throws Exception {
        init(false);
        store.applied.clear();

        InitOperation.Result again = init(false);

        assertTrue(again.changedNothing(), again.toString());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(file -> file.getFileName().toString().startsWith("vhdboot-bcd-backup-")).count());
        }
    }

    @Test
    void aStoreFileFarTooLargeForABootStoreIsRefusedBeforeAnyEntryChanges() throws Exception {
        try (RandomAccessFile sparse = new RandomAccessFile(storeFile.toFile(), "rw")) {
            sparse.setLength(BootStoreBackup.MAX_STORE_BYTES + 1L);
        }

        OperationException e = assertThrows(OperationException.class, () -> init(false));

        assertEquals(OperationException.Kind.PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("is larger than 64 MiB, so it is not a boot store"), e.getMessage());
        assertEquals(List.of(), store.applied);
    }
}
