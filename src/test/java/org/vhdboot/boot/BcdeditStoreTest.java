package org.vhdboot.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vhdboot.boot.testing.BcdeditDouble;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.boot.testing.StandinBcdedit;
import org.vhdboot.process.ProcessResult;
import org.vhdboot.process.ProcessRunner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * BcdeditStore against bcdedit's behaviour in five display languages and their code pages: through the in-JVM
 * fake, which sees the real command lines and answers with bcdedit-shaped bytes, and once through the Python
 * stand-in as a real process.
 */
class BcdeditStoreTest {

    /** The stand-in's pre-installed Windows 11 entry, which is also {current}. */
    private static final UUID WINDOWS_11 = UUID.fromString("3e1c7a52-8f0d-4b6e-a2c4-5d9e0f1b7a63");
    private static final UUID LAB_CURRENT = UUID.fromString("6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f");
    private static final UUID LAB_RECOVERY = UUID.fromString("6b0f3c1f-2d4a-4e8b-9c7d-1a2b3c4d5e6f");

    @TempDir
    Path directory;

    /** A console language and code page, with the stand-in's wording of three failures in that language. */
    record Console(String language, String encoding, String notFound, String alreadyExists, String accessDenied) {
        @Override
        public String toString() {
            return language + "/" + encoding;
        }
    }

    static Stream<Console> allLanguages() {
        return Stream.of(
                new Console("en", "utf-8", "The system cannot find the file specified.",
                        "Cannot create a file when that file already exists.", "Access is denied."),
                new Console("zh", "gbk", "系统找不到指定的文件。", "当文件已存在时，无法创建该文件。", "拒绝访问。"),
                new Console("de", "utf-8", "Das System kann die angegebene Datei nicht finden.",
                        "Eine Datei kann nicht erstellt werden, wenn sie bereits vorhanden ist.", "Zugriff verweigert"),
                new Console("fr", "cp1252", "Le fichier spécifié est introuvable.",
                        "Impossible de créer un fichier déjà existant.", "Accès refusé."),
                new Console("ja", "cp932", "指定されたファイルが見つかりません。",
                        "既に存在するファイルを作成することはできません。", "アクセスが拒否されました。"));
    }

    private FakeBcdedit fake(Console console) throws Exception {
        return FakeBcdedit.in(directory, console.language(), console.encoding());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void readsTheBootManagerAndTheRunningSystem(Console console) throws Exception {
        BcdeditStore store = fake(console).systemStore();

        BootManagerState manager = store.manager();
        assertEquals(Optional.of(WINDOWS_11), manager.defaultEntry());
        assertEquals(List.of(WINDOWS_11), manager.displayOrder());
        assertEquals(Optional.of(30), manager.timeout());
        assertEquals(List.of(), manager.bootSequence());

        BootEntry current = store.current().orElseThrow();
        assertEquals(WINDOWS_11, current.id());
        assertEquals(Optional.of("Windows 11"), current.value("description"));
        assertEquals(Optional.of("partition=C:"), current.value("osdevice"));
        assertEquals(List.of("{" + BcdIdentifiers.BOOTLOADERSETTINGS + "}"), current.values("inherit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void aFailedCommandReportsBcdeditsOwnMessageOnOneLine(Console console) throws Exception {
        FakeBcdedit bcdedit = fake(console);
        BcdeditStore store = bcdedit.systemStore();

        BootStoreException failure = assertThrows(BootStoreException.class,
                () -> store.apply(new BootChange.Rename(LAB_CURRENT, "Lab")));

        assertTrue(failure.getMessage().startsWith(bcdedit.executable() + " /set {" + LAB_CURRENT
                + "} description Lab failed with exit code 1: "), failure.getMessage());
        assertTrue(failure.getMessage().contains(console.notFound()), failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void createsAnEntryFromTheTemplateAndReadsItBack(Console console) throws Exception {
        BcdeditStore store = fake(console).systemStore();

        store.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current",
                BootTemplate.bundled("uefi").elementsFor("[C:]\\VHD\\Lab Current.vhdx")));

        BootEntry entry = store.entry(LAB_CURRENT).orElseThrow();
        assertEquals(Optional.of("Lab - Current"), entry.value("description"));
        assertEquals(Optional.of("vhd=[C:]\\VHD\\Lab Current.vhdx"), entry.value("device"));
        assertEquals(Optional.of("vhd=[C:]\\VHD\\Lab Current.vhdx"), entry.value("osdevice"));
        assertEquals(Optional.of("\\Windows\\system32\\winload.efi"), entry.value("path"));
        assertEquals(Optional.of("\\Windows"), entry.value("systemroot"));
        assertEquals(Optional.of("OptIn"), entry.value("nx"));
        assertEquals(Optional.of("Standard"), entry.value("bootmenupolicy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void changesTheBootManager(Console console) throws Exception {
        BcdeditStore store = fake(console).systemStore();
        store.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current", List.of()));
        store.apply(new BootChange.CreateEntry(LAB_RECOVERY, "Lab - Recovery", List.of()));

        store.apply(new BootChange.PlaceInMenu(LAB_CURRENT, BootChange.MenuPlace.LAST));
        store.apply(new BootChange.PlaceInMenu(LAB_RECOVERY, BootChange.MenuPlace.FIRST));
        store.apply(new BootChange.SetDefault(LAB_CURRENT));
        store.apply(new BootChange.SetTimeout(5));
        store.apply(new BootChange.BootOnce(LAB_RECOVERY));

        BootManagerState manager = store.manager();
        assertEquals(Optional.of(LAB_CURRENT), manager.defaultEntry());
        assertEquals(List.of(LAB_RECOVERY, WINDOWS_11, LAB_CURRENT), manager.displayOrder());
        assertEquals(Optional.of(5), manager.timeout());
        assertEquals(List.of(LAB_RECOVERY), manager.bootSequence());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void deletesAnEntryAndItsPlaceInTheMenu(Console console) throws Exception {
        BcdeditStore store = fake(console).systemStore();
        store.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current", List.of()));
        store.apply(new BootChange.PlaceInMenu(LAB_CURRENT, BootChange.MenuPlace.LAST));

        store.apply(new BootChange.DeleteEntry(LAB_CURRENT));

        assertEquals(Optional.empty(), store.entry(LAB_CURRENT));
        assertEquals(List.of(WINDOWS_11), store.manager().displayOrder());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void aMissingEntryIsEmptyOnceTheWholeStoreWasListed(Console console) throws Exception {
        FakeBcdedit bcdedit = fake(console);

        assertEquals(Optional.empty(), bcdedit.systemStore().entry(LAB_CURRENT));

        assertEquals(List.of(List.of("/enum", "{" + LAB_CURRENT + "}", "/v"), List.of("/enum", "all", "/v")),
                bcdedit.calls());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void creatingAnExistingEntryFailsWithTheLocalizedReason(Console console) throws Exception {
        BcdeditStore store = fake(console).systemStore();
        store.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current", List.of()));

        BootStoreException failure = assertThrows(BootStoreException.class,
                () -> store.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current", List.of())));

        assertTrue(failure.getMessage().contains(console.alreadyExists()), failure.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void backupExportsTheWholeStore(Console console) throws Exception {
        FakeBcdedit bcdedit = fake(console);
        BcdeditStore store = bcdedit.systemStore();
        store.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current", List.of()));
        Path backup = directory.resolve("bcd-backup");

        store.apply(new BootChange.BackUp(backup));

        assertEquals(Files.readString(bcdedit.store()), Files.readString(backup));
        assertEquals(List.of("/export", backup.toString()), bcdedit.calls().get(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void anOfflineStoreIsEditedWithoutTouchingTheSystemStore(Console console) throws Exception {
        FakeBcdedit bcdedit = fake(console);
        Path offlineFile = directory.resolve("offline-BCD");
        assertEquals(0, bcdedit.run("/createstore", offlineFile.toString()).exitCode());
        BcdeditStore offline = bcdedit.offlineStore(offlineFile);

        assertEquals(BootManagerState.unknown(), offline.manager());
        offline.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current", List.of()));
        offline.apply(new BootChange.SetElements(LAB_CURRENT, List.of(new BootElement("osdevice", "vhd=[C:]\\VHD\\Lab-Current.vhdx"))));

        assertEquals(Optional.of("vhd=[C:]\\VHD\\Lab-Current.vhdx"),
                offline.entry(LAB_CURRENT).orElseThrow().value("osdevice"));
        assertEquals(Optional.empty(), bcdedit.systemStore().entry(LAB_CURRENT));
        assertEquals(List.of("/store", offlineFile.toString(), "/enum", "{bootmgr}", "/v"),
                bcdedit.calls().get(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void anInjectedFailureStopsTheChangeAndLeavesTheStoreAlone(Console console) throws Exception {
        FakeBcdedit bcdedit = fake(console);
        bcdedit.failAt(1);
        BcdeditStore store = bcdedit.systemStore();

        BootStoreException failure = assertThrows(BootStoreException.class,
                () -> store.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current", List.of())));

        assertTrue(failure.getMessage().contains(console.accessDenied()), failure.getMessage());
        assertEquals(Optional.empty(), store.entry(LAB_CURRENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void aFailingReadIsNotMistakenForAMissingEntry(Console console) throws Exception {
        // Invocations: 1 /create, 2 /enum (confirm), 3 /set, 4 /enum (confirm) fails, 5 /enum all lists the entry.
        FakeBcdedit bcdedit = fake(console);
        bcdedit.failAt(4);
        BcdeditStore store = bcdedit.systemStore();
        store.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current", List.of()));

        BootStoreException failure = assertThrows(BootStoreException.class,
                () -> store.apply(new BootChange.SetElements(LAB_CURRENT, List.of(new BootElement("locale", "en-US")))));

        assertTrue(failure.getMessage().contains("/enum {" + LAB_CURRENT + "} /v failed with exit code 1"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains(console.accessDenied()), failure.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLanguages")
    void bcdeditSeesExactlyTheCommandLinesADryRunPrints(Console console) throws Exception {
        FakeBcdedit bcdedit = fake(console);
        BcdeditStore store = bcdedit.systemStore();
        List<BootChange> changes = List.of(
                new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current",
                        List.of(new BootElement("device", "vhd=[C:]\\VHD\\Lab Current.vhdx"), new BootElement("nx", "OptIn"))),
                new BootChange.SetElements(LAB_CURRENT, List.of(new BootElement("nx", "OptOut"),
                        new BootElement("locale", "de-DE"))),
                new BootChange.Rename(LAB_CURRENT, "Lab (Current) 100%"),
                new BootChange.PlaceInMenu(LAB_CURRENT, BootChange.MenuPlace.LAST),
                new BootChange.PlaceInMenu(LAB_CURRENT, BootChange.MenuPlace.FIRST),
                new BootChange.SetDefault(LAB_CURRENT),
                new BootChange.SetTimeout(3),
                new BootChange.BootOnce(LAB_CURRENT),
                new BootChange.CancelBootOnce(LAB_CURRENT),
                new BootChange.BackUp(directory.resolve("backup with space")),
                new BootChange.DeleteEntry(LAB_CURRENT));

        for (BootChange change : changes) {
            bcdedit.clearLog();
            store.apply(change);
            assertEquals(store.describe(change), asTyped(bcdedit.executable(), bcdedit.changes()), change.toString());
        }
    }

    /** Invocations as a dry run prints them: one line each, as typed at a prompt. */
    private static List<String> asTyped(String executable, List<List<String>> invocations) {
        return invocations.stream().map(arguments -> WindowsCommandLine.forConsole(
                Stream.concat(Stream.of(executable), arguments.stream()).toList())).toList();
    }

    @Test
    void aValueNoCommandLineCanCarryChangesNothing() throws Exception {
        FakeBcdedit bcdedit = FakeBcdedit.in(directory, "en", "utf-8");
        BootChange change = new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current",
                List.of(new BootElement("systemroot", "\\Windows"), new BootElement("path", "a\"b")));

        assertThrows(IllegalArgumentException.class, () -> bcdedit.systemStore().apply(change));

        assertEquals(List.of(), bcdedit.calls());
    }

    @Test
    void aDescriptionInChineseSurvivesTheRoundTrip() throws Exception {
        BcdeditStore store = FakeBcdedit.in(directory, "zh", "gbk").systemStore();

        store.apply(new BootChange.CreateEntry(LAB_CURRENT, "实验室 - 当前", List.of()));

        assertEquals(Optional.of("实验室 - 当前"), store.entry(LAB_CURRENT).orElseThrow().value("description"));
    }

    /** End to end: a real process gets exactly the arguments, and its GBK output is read back. */
    @Test
    void aRealBcdeditProcessGetsTheExactArgumentsAndIsReadInItsCodePage() throws Exception {
        BcdeditDouble standin = StandinBcdedit.in(directory, "zh", "gbk");
        BcdeditStore store = standin.systemStore();
        BootChange change = new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current",
                List.of(new BootElement("device", "vhd=[C:]\\VHD\\Lab Current.vhdx")));

        store.apply(change);

        assertEquals(store.describe(change), asTyped(standin.executable(), standin.changes()));
        BootEntry entry = store.entry(LAB_CURRENT).orElseThrow();
        assertEquals(Optional.of("Lab - Current"), entry.value("description"));
        assertEquals(Optional.of("vhd=[C:]\\VHD\\Lab Current.vhdx"), entry.value("device"));
        assertEquals(WINDOWS_11, store.current().orElseThrow().id());
    }

    /** End to end: the JVM passes a Chinese argument to a real process intact where its file encoding allows. */
    @Test
    void aDescriptionInChineseReachesARealProcess() throws Exception {
        assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "program arguments can only carry Chinese text when the JVM passes them as UTF-8");
        BcdeditStore store = StandinBcdedit.in(directory, "zh", "gbk").systemStore();

        store.apply(new BootChange.CreateEntry(LAB_CURRENT, "实验室 - 当前", List.of()));

        assertEquals(Optional.of("实验室 - 当前"), store.entry(LAB_CURRENT).orElseThrow().value("description"));
    }

    @Test
    void aClaimedSuccessThatTheStoreDoesNotShowIsAnError() throws Exception {
        FakeBcdedit bcdedit = FakeBcdedit.in(directory, "en", "utf-8");
        ProcessRunner liar = (argv, timeout) -> argv.contains("/set")
                ? new ProcessResult(0, "The operation completed successfully.\r\n".getBytes(StandardCharsets.UTF_8), new byte[0])
                : bcdedit.run(argv, timeout);
        BcdeditStore store = new BcdeditStore(BcdeditCommands.systemStore(bcdedit.executable()),
                new BcdeditProcess(liar, StandardCharsets.UTF_8, BcdeditProcess.DEFAULT_TIMEOUT));
        store.apply(new BootChange.CreateEntry(LAB_CURRENT, "Lab - Current", List.of()));

        BootStoreException failure = assertThrows(BootStoreException.class,
                () -> store.apply(new BootChange.SetElements(LAB_CURRENT, List.of(new BootElement("systemroot", "\\Windows")))));

        assertEquals(bcdedit.executable() + " /set {" + LAB_CURRENT + "} systemroot \\Windows reported success,"
                + " but the boot store does not show the change.", failure.getMessage());
    }

    @Test
    void aHungBcdeditIsReportedWithItsTimeout() {
        // The runner stops the program (LocalProcessRunnerTest); here the store says so in one line.
        ProcessRunner hung = (argv, timeout) -> {
            throw new TimeoutException(argv.get(0) + " did not finish within " + timeout.toMillis() + " ms");
        };
        BcdeditStore store = new BcdeditStore(BcdeditCommands.systemStore("hung-bcdedit"),
                new BcdeditProcess(hung, StandardCharsets.UTF_8, Duration.ofSeconds(1)));

        BootStoreException failure = assertThrows(BootStoreException.class, store::manager);

        assertEquals("hung-bcdedit /enum {bootmgr} /v did not finish within 1 second and was stopped.",
                failure.getMessage());
    }

    @Test
    void aMissingExecutableIsReportedPlainly() {
        Path missing = directory.resolve("no-such-bcdedit");
        BcdeditStore store = new BcdeditStore(BcdeditCommands.systemStore(missing.toString()),
                BcdeditProcess.local(StandardCharsets.UTF_8));

        BootStoreException failure = assertThrows(BootStoreException.class, store::current);

        assertTrue(failure.getMessage().startsWith("Cannot run " + missing + ": "), failure.getMessage());
        assertEquals(failure.getMessage().indexOf(missing.toString()), failure.getMessage().lastIndexOf(missing.toString()),
                "the program is named once: " + failure.getMessage());
    }

    @Test
    void describesItself() {
        BcdeditStore store = new BcdeditStore(BcdeditCommands.systemStore("bcdedit"),
                BcdeditProcess.local(StandardCharsets.UTF_8));
        assertEquals(BootStoreKind.BCDEDIT, store.kind());
        assertTrue(store.readable());
    }
}
