package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.BootStoreKind;
import org.vhdboot.boot.FirmwareType;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.files.NotAFileException;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import org.vhdboot.testing.Pipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitOperationTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private LayoutFixture layout;

    @BeforeEach
    void setUp() throws Exception {
        layout = new LayoutFixture(dir);
        layout.buildParent();
    }

    private InitOptions init() {
        return InitOptions.parent(layout.parent);
    }

    private OperationException refused(OperationException.Kind kind, InitOptions options) {
        OperationException e = assertThrows(OperationException.class, () -> world.init(options));
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    /** A pipe at the boot script's name is refused at once: comparing the script read it until a writer came. */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "mkfifo")
    void aPipeAtTheBootScriptsNameIsRefusedWithoutWaiting() throws Exception {
        Path script = dir.resolve(BootStores.SCRIPT_FILE);
        Pipes.putAt(script);
        NotAFileException e = assertThrows(NotAFileException.class, () -> assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(30), () -> world.init(init().bootStore("script").bootFolder("C:\\VHD"))));
        assertEquals(script + " is a pipe or a device where vhdboot keeps a file of its own; move it away and run the"
                + " command again", e.getMessage());
        assertNothingCreated();
    }

    /** A folder where init would make a child under its temporary name stops it before its first change. */
    @Test
    void aFolderAtAChildsTemporaryNameStopsInitBeforeAnythingIsMade() throws Exception {
        Path temporary = Files.createDirectory(dir.resolve(layout.recovery.getFileName().toString()
                .replace(".vhdx", ".vhdboot-tmp.vhdx")));
        NotAFileException e = assertThrows(NotAFileException.class, () -> world.init(init()));
        assertEquals(temporary + " is a folder where vhdboot keeps a file of its own; move it away and run the command"
                + " again", e.getMessage());
        assertNothingCreated();
        assertFalse(Files.exists(dir.resolve("vhdboot.lock")), "not even the lock");
    }

    private void assertNothingCreated() throws Exception {
        assertFalse(ReadOnlyMark.isMarked(layout.parent), "the parent was not marked");
        assertFalse(Files.exists(layout.current));
        assertFalse(Files.exists(layout.recovery));
        assertFalse(Files.exists(dir.resolve(Layout.INI_NAME)));
    }

    @Test
    void makesTheChildrenTheIniAndMarksTheParent() throws Exception {
        InitOperation.Result result = world.init(init().bootStore("none"));

        assertTrue(layout.isFreshChild(layout.current) && layout.isFreshChild(layout.recovery));
        assertTrue(ReadOnlyMark.isMarked(layout.parent));
        assertEquals(dir.resolve(Layout.INI_NAME), result.ini());
        assertTrue(result.actions().contains("wrote " + Layout.INI_NAME), result.actions().toString());
        assertEquals(BootStoreKind.NONE, layout.layout().bootStore());
        assertTrue(Files.readString(dir.resolve(OperationLog.FILE_NAME)).contains(" init     ok "));
    }

    /** A rerun that names the layout otherwise would be a rename of every file: refused, not quietly ignored. */
    @Test
    void aRerunWithAnotherNameIsRefused() throws Exception {
        world.init(init().bootStore("none"));
        String ini = Files.readString(dir.resolve(Layout.INI_NAME));
        OperationException renamed = refused(OperationException.Kind.USAGE, init().bootStore("none").name("Other"));
        assertTrue(renamed.getMessage().contains("holds the layout named Gold; --name Other would rename its files"),
                renamed.getMessage());
        assertEquals(ini, Files.readString(dir.resolve(Layout.INI_NAME)));
        InitOperation.Result same = world.init(init().bootStore("none").name("Gold")); // the same name is a rerun
        assertEquals(List.of(), same.actions());
        InitOperation.Result changed = world.init(init().bootStore("none").timeout(30));
        assertEquals(List.of("updated " + Layout.INI_NAME), changed.actions(), "a setting changed is said");
    }

    @Test
    void aBadBootSettingIsRefusedBeforeAnyChange() throws Exception {
        assertTrue(refused(OperationException.Kind.USAGE, init().bootStore("script")).getMessage()
                .contains("--boot-folder"));
        assertNothingCreated();

        refused(OperationException.Kind.USAGE, init().bootStore("script").bootFolder("C:\\VHD")
                .template(dir.resolve("missing.ini").toString()));
        assertNothingCreated();
    }

    @Test
    void aBcdeditThatCannotRunIsFoundBeforeAnyChange() throws Exception {
        world.platform.firmware = FirmwareType.UNKNOWN;
        OperationException e = assertThrows(OperationException.class, () -> new InitOperation(
                world.context(dir.resolve("no-bcdedit").toString())).run(init().bootFolder("C:\\VHD").build()));
        assertEquals(OperationException.Kind.BOOT_STORE, e.kind());
        assertTrue(e.getMessage().contains("Cannot run " + dir.resolve("no-bcdedit")), e.getMessage());
        assertEquals(1, world.reporter.warnings.stream().filter(w -> w.contains("firmware type unknown")).count(),
                world.reporter.warnings.toString());
        assertNothingCreated();
    }

    @Test
    void theAutoTemplateFollowsTheFirmware() throws Exception {
        for (FirmwareType firmware : FirmwareType.values()) {
            world.platform.firmware = firmware;
            world.reporter.warnings.clear();
            Files.deleteIfExists(dir.resolve(BootStores.SCRIPT_FILE));
            world.init(init().bootStore("script").bootFolder("C:\\VHD"));
            String loader = firmware == FirmwareType.BIOS ? "winload.exe" : "winload.efi";
            assertTrue(Files.readString(dir.resolve(BootStores.SCRIPT_FILE)).contains(loader), firmware + ": " + loader);
            assertEquals(firmware == FirmwareType.UNKNOWN, world.reporter.warnings.stream()
                    .anyMatch(w -> w.contains("firmware type unknown")), world.reporter.warnings.toString());
            Files.delete(dir.resolve(Layout.INI_NAME));
        }
    }

    @Test
    void withoutABootStoreTheFirmwareDoesNotMatter() throws Exception {
        world.platform.firmware = FirmwareType.UNKNOWN;
        world.init(init().bootStore("none"));
        assertEquals(java.util.List.of(), world.reporter.warnings);
    }

    @Test
    void anUnknownBootStoreOrATimeoutOutOfRangeIsAUsageError() throws Exception {
        assertTrue(refused(OperationException.Kind.USAGE, init().bootStore("grub")).getMessage()
                .startsWith("--boot-store must be"));
        for (int timeout : new int[] {1000, -1}) {
            assertTrue(refused(OperationException.Kind.USAGE, init().timeout(timeout).bootStore("none")).getMessage()
                    .startsWith("--timeout must be"));
        }
        assertNothingCreated();
    }

    @Test
    void aNameThatIsNotAFileNamePartIsRefused() throws Exception {
        for (String name : new String[] {"say \"hi\"", "../escaped", "a/b", " "}) {
            refused(OperationException.Kind.USAGE, init().bootStore("none").name(name));
        }
        assertNothingCreated();
        try (Stream<Path> files = Files.list(dir.getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("escaped")));
        }
    }

    @Test
    void aSecondRunKeepsTheSettingsItWasNotGivenAndChangesNothing() throws Exception {
        world.init(init().bootStore("script").bootFolder("C:\\VHD").template("bios").timeout(7));
        InitOperation.Result again = world.init(init());
        assertTrue(again.changedNothing(), again.toString());
        Layout saved = layout.layout();
        assertEquals(BootStoreKind.SCRIPT, saved.bootStore());
        assertEquals("bios", saved.template());
        assertEquals(7, saved.timeout());
    }

    @Test
    void initAfterRemoveBringsTheEntriesBack() throws Exception {
        world.init(init().bootStore("script").bootFolder("C:\\VHD"));
        Layout before = layout.layout();
        new RemoveOperation(world.context()).run(before, new RemoveOperation.Options(false, false));
        world.init(init());
        Layout after = layout.layout();
        assertEquals(before.child(Role.CURRENT).entryId(), after.child(Role.CURRENT).entryId());
        assertTrue(Files.readString(dir.resolve(BootStores.SCRIPT_FILE)).contains("/create {"
                + after.child(Role.CURRENT).entryId() + "}"));
    }

    @Test
    void removeWithoutABootStoreHasNoEntriesToTakeOut() throws Exception {
        world.init(init().bootStore("none"));
        RemoveOperation.Result removed = new RemoveOperation(world.context()).run(layout.layout(),
                new RemoveOperation.Options(false, false));
        assertEquals(java.util.List.of(), removed.commands());
        assertEquals(BootStoreKind.NONE, removed.bootStore());
    }

    /** init checks the names it is about to record by the same rule, before it makes anything. */
    @Test
    void initRefusesNamesNoLaterCommandCouldRead(@TempDir Path dir) throws Exception {
        Services services = new TestWorld().services();
        for (String[] refused : new String[][] {
                {"Gold-Current.vhdx", "Gold", "would share a file name"},
                {"nul.vhdx", "Gold", "'nul.vhdx' cannot be a file name of a layout: it is a Windows device name"}}) {
            Path folder = Files.createDirectory(dir.resolve(refused[0] + "-folder"));
            Path parent = folder.resolve(refused[0]);
            new DiskImages().create(parent, ImageSpec.dynamic(8 << 20));
            FolderSnapshot before = FolderSnapshot.of(folder);
            CommandRun init = CommandRun.with(services, "init", "--parent", parent.toString(), "--name", refused[1],
                    "--boot-store", "none");
            assertEquals(ExitCode.USAGE.code(), init.exitCode(), init.toString());
            assertTrue(init.err().contains(refused[2]), init.err());
            assertEquals(List.of(), before.changesTo(FolderSnapshot.of(folder)));
        }
        Path parent = Files.createDirectory(dir.resolve("ok")).resolve("Gold-Current.vhdx");
        new DiskImages().create(parent, ImageSpec.dynamic(8 << 20));
        CommandRun device = CommandRun.with(services, "init", "--parent", parent.toString(), "--name", "CON",
                "--boot-store", "none");
        assertEquals(0, device.exitCode(), "CON-Current.vhdx is an ordinary name: " + device);
    }

    /**
     * A differencing parent stands on other images, here in a folder beside the layout's: each is the layout's base
     * as much as the parent, so init marks it (named by its whole path), refuses it in use, and status watches it.
     */
    @Test
    void aDifferencingParentAndEveryImageUnderItAreMarked() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("chained"));
        Path base = Files.createDirectory(dir.resolve("shared")).resolve("Base.vhdx");
        Path gold = folder.resolve("Gold.vhdx");
        new DiskImages().create(base, ImageSpec.dynamic(8 << 20));
        new DiskImages().createChild(gold, base);

        world.platform.inUse.add(base);
        OperationException inUse = assertThrows(OperationException.class,
                () -> world.init(InitOptions.parent(gold).bootStore("none")));
        assertEquals(base + " is in use by another program (attached or open); detach it first", inUse.getMessage());
        assertFalse(ReadOnlyMark.isMarked(gold) || ReadOnlyMark.isMarked(base), "a refused init marks nothing");
        world.platform.inUse.clear();

        InitOperation.Result planned = world.init(InitOptions.parent(gold).bootStore("none").dryRun());
        assertTrue(planned.actions().containsAll(List.of("mark Gold.vhdx read-only", "mark " + base + " read-only")),
                planned.actions().toString());
        assertFalse(ReadOnlyMark.isMarked(base), "a dry run marks nothing");

        InitOperation.Result result = world.init(InitOptions.parent(gold).bootStore("none"));
        assertTrue(ReadOnlyMark.isMarked(gold) && ReadOnlyMark.isMarked(base));
        assertTrue(result.actions().containsAll(List.of("marked Gold.vhdx read-only", "marked " + base + " read-only")),
                result.actions().toString());
        assertEquals(List.of(), world.status(folder).warnings());

        ReadOnlyMark.unmark(base);
        assertTrue(world.status(folder).warnings().contains(base + ", under the parent, is writable; any write to it"
                + " breaks the layout (run `vhdboot init` to protect it)"), world.status(folder).warnings().toString());
        assertEquals(List.of("marked " + base + " read-only"),
                world.init(InitOptions.parent(gold).bootStore("none")).actions());
    }
}
