package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.boot.testing.BcdeditDouble;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.boot.testing.StandinBcdedit;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * init, status, reset and remove against bcdedit's behaviour, in English, in Chinese with GBK-encoded output and
 * in Japanese: the parser must not depend on the display language. The in-JVM fake answers for most tests; one
 * carries the lifecycle on through the Python stand-in as a real process.
 */
class BootStoreLifecycleTest {
    @TempDir
    Path dir;

    private final FakePlatform platform = new FakePlatform();

    private Services services(BcdeditDouble bcdedit) {
        platform.windows = true;
        return new Services(null, Map.of(), Clock.systemUTC()).withPlatform(platform).withBcdedit(bcdedit.process());
    }

    private CommandRun run(BcdeditDouble bcdedit, Path layout, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bcdedit");
        all.add(bcdedit.executable());
        all.add(args[0].equals("init") ? "--boot-folder" : "--layout");
        all.add(args[0].equals("init") ? "C:\\VHD" : layout.toString());
        return CommandRun.with(services(bcdedit), all.toArray(String[]::new));
    }

    private static String guid(Path ini, String role) throws Exception {
        return LayoutFile.load(ini).child(Role.parse(role).orElseThrow()).entryId().toString();
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

        CommandRun init = run(initializer, images, "init", "--parent", layout.parent.toString());
        assertEquals(0, init.exitCode(), init.toString());
        Path ini = images.resolve(Layout.INI_NAME);
        String current = "{" + guid(ini, "current") + "}";
        String recovery = "{" + guid(ini, "recovery") + "}";
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
        CommandRun again = run(bcdedit, images, "init", "--parent", layout.parent.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("nothing to do"), again.out());
        assertFalse(bcdedit.calls().isEmpty(), "the second init read the store");
        assertEquals(List.of(), bcdedit.changes(), "a second init changes nothing");

        CommandRun status = run(bcdedit, images, "status", "--json");
        assertEquals(0, status.exitCode(), status.toString());
        JsonNode report = new ObjectMapper().readTree(status.out());
        assertEquals(current, report.get("boot").get("default_entry").asText());
        assertTrue(report.get("boot").get("entries").get(0).get("present").asBoolean());
        assertTrue(report.get("boot").get("entries").get(0).get("is_default").asBoolean());
        assertEquals("Gold (Recovery)", report.get("boot").get("entries").get(1).get("description").asText());

        layout.writeUserChanges(layout.current);
        CommandRun reset = run(bcdedit, images, "reset", "--yes");
        assertEquals(0, reset.exitCode(), reset.toString());
        assertTrue(layout.isFreshChild(layout.current));
        assertFalse(reset.err().contains("missing"), reset.err());

        CommandRun remove = run(bcdedit, images, "remove", "--delete-children", "--yes");
        assertEquals(0, remove.exitCode(), remove.toString());
        assertFalse(bcdedit.objects().has(current));
        assertFalse(bcdedit.objects().has(recovery));
        assertFalse(Files.exists(layout.current));
        assertFalse(Files.exists(layout.recovery));
        assertTrue(Files.exists(layout.parent), "remove never deletes the parent");
    }

    @ParameterizedTest
    @CsvSource({"en,utf-8", "zh,gbk"})
    void dryRunPrintsExactlyTheCommandLinesARealRunExecutes(String language, String encoding) throws Exception {
        FakeBcdedit bcdedit = FakeBcdedit.in(dir.resolve("bcd"), language, encoding);
        Path images = Files.createDirectory(dir.resolve("VHD"));
        LayoutFixture layout = new LayoutFixture(images);
        layout.buildParent();

        CommandRun dry = run(bcdedit, images, "init", "--parent", layout.parent.toString(), "--dry-run");
        assertEquals(0, dry.exitCode(), dry.toString());
        assertEquals(List.of(), bcdedit.changes(), "a dry run changes nothing in the boot store");
        assertFalse(Files.exists(layout.current), "a dry run creates no files");
        assertFalse(Files.exists(images.resolve(Layout.INI_NAME)));
        List<String> planned = dry.out().lines().filter(l -> l.startsWith("would run: "))
                .map(l -> l.substring("would run: ".length())).toList();

        CommandRun real = run(bcdedit, images, "init", "--parent", layout.parent.toString());
        assertEquals(0, real.exitCode(), real.toString());
        List<String> executed = bcdedit.changes().stream().map(c -> org.vhdboot.boot.WindowsCommandLine.forConsole(
                Stream.concat(Stream.of(bcdedit.executable()), c.stream()).toList())).toList();
        List<String> plannedWithoutBackupName = planned.stream().map(l -> l.replaceAll("vhdboot-bcd-backup-\\S+", "B")).toList();
        List<String> executedWithoutBackupName = executed.stream().map(l -> l.replaceAll("vhdboot-bcd-backup-\\S+", "B")).toList();
        assertEquals(plannedWithoutBackupName, executedWithoutBackupName);
        assertTrue(planned.size() > 10, planned.toString());
    }

    @Test
    void withTheScriptStoreTheOutputSaysWhatWasScriptedAndWhereTheRemovalWent() throws Exception {
        Services services = new Services(null, Map.of(), Clock.systemUTC()).withPlatform(platform);
        Path images = Files.createDirectory(dir.resolve("VHD"));
        LayoutFixture layout = new LayoutFixture(images);
        layout.buildParent();
        String[] init = {"init", "--parent", layout.parent.toString(), "--boot-store", "script", "--boot-folder", "C:\\VHD"};

        CommandRun dry = CommandRun.with(services, Stream.concat(Stream.of(init), Stream.of("--dry-run")).toArray(String[]::new));
        CommandRun real = CommandRun.with(services, init);

        assertEquals(0, real.exitCode(), real.toString());
        List<String> planned = dry.out().lines().filter(l -> l.startsWith("would run: ")).map(l -> l.substring(11)).toList();
        List<String> scripted = real.out().lines().filter(l -> l.startsWith("scripted: ")).map(l -> l.substring(10)).toList();
        assertEquals(planned, scripted);
        String current = "{" + guid(images.resolve(Layout.INI_NAME), "current") + "}";
        assertEquals("bcdedit /create " + current + " /d \"Gold (Current)\" /application osloader", scripted.get(0));
        String script = Files.readString(images.resolve(BootStores.SCRIPT_FILE));
        scripted.forEach(line -> assertTrue(script.contains(line), line));
        assertFalse(real.out().contains("ran: "), real.out());

        CommandRun remove = CommandRun.with(services, "remove", "--layout", images.toString());

        assertEquals(0, remove.exitCode(), remove.toString());
        assertTrue(remove.out().contains("scripted (" + BootStores.REMOVAL_SCRIPT_FILE + "): bcdedit /delete " + current
                + " /cleanup"), remove.out());
        assertTrue(Files.readString(images.resolve(BootStores.REMOVAL_SCRIPT_FILE)).contains("/delete " + current));
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

            CommandRun first = run(bcdedit, images, "init", "--parent", layout.parent.toString());
            List<List<String>> calls = bcdedit.calls();
            List<List<String>> applied = new ArrayList<>(calls.subList(0, Math.min(failAt - 1, calls.size())));
            applied.removeIf(call -> call.contains("/enum"));
            assertEquals(ExitCode.BOOT_STORE.code(), first.exitCode(), "call " + failAt + " " + calls.get(failAt - 1)
                    + " failed: " + first);
            assertEquals(1, first.err().lines().count(), first.err());

            bcdedit.failAt(0);
            bcdedit.clearLog();
            CommandRun rerun = run(bcdedit, images, "init", "--parent", layout.parent.toString());
            assertEquals(0, rerun.exitCode(), "rerun after a failure at call " + failAt + ": " + rerun);
            Path ini = images.resolve(Layout.INI_NAME);
            String current = "{" + guid(ini, "current") + "}";
            String recovery = "{" + guid(ini, "recovery") + "}";
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
        assertEquals(0, run(bcdedit, images, "init", "--parent", layout.parent.toString()).exitCode());
        List<List<String>> calls = bcdedit.calls();
        List<Integer> points = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
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
