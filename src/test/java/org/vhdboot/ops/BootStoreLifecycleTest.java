package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.WindowsCommandLine;
import org.vhdboot.boot.testing.BcdeditDouble;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.boot.testing.StandinBcdedit;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * init, status, reset and remove against bcdedit's behaviour, in English, in Chinese with GBK-encoded output and
 * in Japanese: the parser must not depend on the display language. The in-JVM fake answers for most tests; one
 * carries the lifecycle on through the Python stand-in as a real process.
 */
class BootStoreLifecycleTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    /** The use cases' context with {@code bcdedit} as the boot store program. */
    private OperationContext with(BcdeditDouble bcdedit) throws OperationException {
        world.platform.windows = true;
        return world.with(BcdeditProcess.class, bcdedit.process()).context(bcdedit.executable());
    }

    private InitOperation.Result init(BcdeditDouble bcdedit, LayoutFixture layout, boolean dryRun) throws Exception {
        InitOptions options = InitOptions.parent(layout.parent).bootFolder("C:\\VHD");
        return new InitOperation(with(bcdedit)).run((dryRun ? options.dryRun() : options).build());
    }

    private static String guid(Path ini, Role role) throws Exception {
        return LayoutFile.load(ini).child(role).entryId().toString();
    }

    @ParameterizedTest
    @CsvSource({"en,utf-8", "zh,gbk", "ja,cp932"})
    void initStatusResetRemove(String language, String encoding) throws Exception {
        FakeBcdedit bcdedit = FakeBcdedit.in(dir.resolve("bcd"), language, encoding);
        lifecycle(bcdedit, bcdedit);
    }

    /** End to end: after an init through the fake, a real bcdedit process reads, checks and removes the entries. */
    @ParameterizedTest
    @CsvSource({"zh,gbk"})
    void theLifecycleCarriesOnThroughARealBcdeditProcess(String language, String encoding) throws Exception {
        lifecycle(FakeBcdedit.in(dir.resolve("bcd"), language, encoding),
                StandinBcdedit.in(dir.resolve("bcd"), language, encoding));
    }

    private void lifecycle(BcdeditDouble initializer, BcdeditDouble bcdedit) throws Exception {
        Path images = Files.createDirectory(dir.resolve("VHD"));
        LayoutFixture layout = new LayoutFixture(images);
        layout.buildParent();

        init(initializer, layout, false);
        Path ini = images.resolve(Layout.INI_NAME);
        String current = "{" + guid(ini, Role.CURRENT) + "}";
        String recovery = "{" + guid(ini, Role.RECOVERY) + "}";
        JsonNode objects = bcdedit.objects();
        JsonNode currentEntry = objects.get(current).get("elements");
        assertEquals("vhd=[C:]\\VHD\\Gold-Current.vhdx", currentEntry.get("osdevice").asText().split(",locate")[0]);
        assertEquals("\\Windows\\system32\\winload.efi", currentEntry.get("path").asText());
        assertEquals("Gold (Current)", currentEntry.get("description").asText());
        assertTrue(objects.has(recovery));
        JsonNode manager = objects.get("{9dea862c-5cdd-4e70-acc1-f32b344d4795}").get("elements");
        assertEquals(current, manager.get("default").asText());
        List<String> order = new ArrayList<>();
        manager.get("displayorder").forEach(n -> order.add(n.asText()));
        assertEquals(List.of(current, recovery), order.subList(0, 2), "Current first, Recovery second");
        assertEquals("5", manager.get("timeout").asText());
        String backup = LayoutFile.load(ini).backupFile().orElseThrow();
        assertTrue(Files.exists(images.resolve(backup)), "the boot store was exported before the first change");

        bcdedit.clearLog();
        InitOperation.Result again = init(bcdedit, layout, false);
        assertTrue(again.changedNothing(), again.toString());
        assertFalse(bcdedit.calls().isEmpty(), "the second init read the store");
        assertEquals(List.of(), bcdedit.changes(), "a second init changes nothing");

        StatusOperation.Report report = new StatusOperation(with(bcdedit)).run(layout.layout());
        assertTrue(report.healthy(), report.problems().toString());
        assertEquals(current, report.boot().defaultEntry());
        assertTrue(report.boot().entries().get(0).present());
        assertTrue(report.boot().entries().get(0).isDefault());
        assertEquals("Gold (Recovery)", report.boot().entries().get(1).description());

        layout.writeUserChanges(layout.current);
        new ResetOperation(with(bcdedit)).run(layout.layout(), new ResetOperation.Options(Role.CURRENT, true, false,
                false, false));
        assertTrue(layout.isFreshChild(layout.current));
        assertTrue(world.reporter.warnings.stream().noneMatch(w -> w.contains("missing")), world.reporter.warnings.toString());

        new RemoveOperation(with(bcdedit)).run(layout.layout(), new RemoveOperation.Options(true, true));
        assertFalse(bcdedit.objects().has(current));
        assertFalse(bcdedit.objects().has(recovery));
        assertFalse(Files.exists(layout.current));
        assertFalse(Files.exists(layout.recovery));
        assertTrue(Files.exists(layout.parent), "remove never deletes the parent");
    }

    @ParameterizedTest
    @CsvSource({"en,utf-8", "zh,gbk"})
    void aDryRunNamesExactlyTheCommandLinesARealRunExecutes(String language, String encoding) throws Exception {
        FakeBcdedit bcdedit = FakeBcdedit.in(dir.resolve("bcd"), language, encoding);
        Path images = Files.createDirectory(dir.resolve("VHD"));
        LayoutFixture layout = new LayoutFixture(images);
        layout.buildParent();

        InitOperation.Result dry = init(bcdedit, layout, true);
        assertTrue(dry.dryRun());
        assertEquals(List.of(), bcdedit.changes(), "a dry run changes nothing in the boot store");
        assertFalse(Files.exists(layout.current), "a dry run creates no files");
        assertFalse(Files.exists(images.resolve(Layout.INI_NAME)));

        InitOperation.Result real = init(bcdedit, layout, false);
        List<String> executed = bcdedit.changes().stream().map(c -> WindowsCommandLine.forConsole(
                Stream.concat(Stream.of(bcdedit.executable()), c.stream()).toList())).toList();
        assertEquals(withoutBackupName(dry.commands()), withoutBackupName(executed));
        assertEquals(executed, real.commands(), "a real run reports what it ran");
        assertTrue(dry.commands().size() > 10, dry.commands().toString());
    }

    private static List<String> withoutBackupName(List<String> commands) {
        return commands.stream().map(l -> l.replaceAll("vhdboot-bcd-backup-\\S+", "B")).toList();
    }

    @Test
    void withTheScriptStoreADryRunNamesWhatIsScriptedAndRemovalGetsItsOwnScript() throws Exception {
        Path images = Files.createDirectory(dir.resolve("VHD"));
        LayoutFixture layout = new LayoutFixture(images);
        layout.buildParent();
        InitOptions init = InitOptions.parent(layout.parent).bootStore("script").bootFolder("C:\\VHD");

        InitOperation.Result dry = world.init(InitOptions.parent(layout.parent).bootStore("script")
                .bootFolder("C:\\VHD").dryRun());
        InitOperation.Result real = world.init(init);

        assertEquals(dry.commands(), real.commands());
        String current = "{" + guid(images.resolve(Layout.INI_NAME), Role.CURRENT) + "}";
        String recovery = "{" + guid(images.resolve(Layout.INI_NAME), Role.RECOVERY) + "}";
        assertEquals("bcdedit /create " + current + " /d \"Gold (Current)\" /application osloader", real.commands().get(0));
        String script = Files.readString(images.resolve(BootStores.SCRIPT_FILE));
        real.commands().forEach(line -> assertTrue(script.contains(line), line));

        RemoveOperation.Result removed = new RemoveOperation(world.context()).run(layout.layout(),
                new RemoveOperation.Options(false, false));
        assertEquals(List.of("bcdedit /delete " + current + " /cleanup", "bcdedit /delete " + recovery + " /cleanup"),
                removed.commands());
        assertTrue(Files.readString(images.resolve(BootStores.REMOVAL_SCRIPT_FILE)).contains("/delete " + current));
        assertFalse(Files.readString(images.resolve(BootStores.SCRIPT_FILE)).contains("/delete"),
                "the creation script stays as it was");

        // Run again: nothing left to remove, and the script the first run wrote is still there to be run.
        String removal = Files.readString(images.resolve(BootStores.REMOVAL_SCRIPT_FILE));
        RemoveOperation.Result again = new RemoveOperation(world.context()).run(layout.layout(),
                new RemoveOperation.Options(false, false));
        assertEquals(List.of(), again.commands());
        assertEquals(removal, Files.readString(images.resolve(BootStores.REMOVAL_SCRIPT_FILE)));
    }

    @ParameterizedTest
    @CsvSource({"en,utf-8"})
    void afterBcdeditFailsOnEachKindOfCallARerunCompletesOnlyTheMissingPieces(String language, String encoding)
            throws Exception {
        for (int failAt : failurePoints(language, encoding)) {
            Path case_ = Files.createDirectory(dir.resolve("case" + failAt));
            FakeBcdedit bcdedit = FakeBcdedit.in(case_.resolve("bcd"), language, encoding);
            bcdedit.failAt(failAt);
            Path images = Files.createDirectory(case_.resolve("VHD"));
            LayoutFixture layout = new LayoutFixture(images);
            layout.buildParent();

            OperationException first = assertThrows(OperationException.class, () -> init(bcdedit, layout, false));
            List<List<String>> calls = bcdedit.calls();
            List<List<String>> applied = new ArrayList<>(calls.subList(0, Math.min(failAt - 1, calls.size())));
            applied.removeIf(call -> call.contains("/enum"));
            assertEquals(OperationException.Kind.BOOT_STORE, first.kind(), "call " + failAt + " "
                    + calls.get(failAt - 1) + " failed: " + first.getMessage());
            assertEquals(1, first.getMessage().lines().count(), first.getMessage());

            bcdedit.failAt(0);
            bcdedit.clearLog();
            init(bcdedit, layout, false);
            Path ini = images.resolve(Layout.INI_NAME);
            String current = "{" + guid(ini, Role.CURRENT) + "}";
            String recovery = "{" + guid(ini, Role.RECOVERY) + "}";
            JsonNode manager = bcdedit.objects().get("{9dea862c-5cdd-4e70-acc1-f32b344d4795}").get("elements");
            assertEquals(current, manager.get("default").asText(), "complete after the rerun (fail at " + failAt + ")");
            for (String entry : List.of(current, recovery)) {
                JsonNode elements = bcdedit.objects().get(entry).get("elements");
                for (String element : List.of("device", "osdevice", "path", "systemroot", "description")) {
                    assertTrue(elements.has(element), entry + " lacks " + element + " (fail at " + failAt + ")");
                }
            }
            for (List<String> done : applied) {
                assertFalse(bcdedit.changes().contains(done), "the rerun repeated a change that had been made: " + done);
            }
        }
    }

    /** The first call of each kind of change a clean init makes: export, create, set, displayorder, default, timeout. */
    private List<Integer> failurePoints(String language, String encoding) throws Exception {
        Path scratch = Files.createDirectory(dir.resolve("reference"));
        FakeBcdedit bcdedit = FakeBcdedit.in(scratch.resolve("bcd"), language, encoding);
        Path images = Files.createDirectory(scratch.resolve("VHD"));
        LayoutFixture layout = new LayoutFixture(images);
        layout.buildParent();
        init(bcdedit, layout, false);
        List<List<String>> calls = bcdedit.calls();
        List<Integer> points = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < calls.size(); i++) {
            String verb = calls.get(i).get(0);
            if (!verb.equals("/enum") && seen.add(verb)) {
                points.add(i + 1);
            }
        }
        points.add(calls.size());
        assertTrue(points.size() >= 6, "init makes every kind of change: " + calls);
        return points;
    }
}
