package org.vhdboot.boot;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scripts {@link ScriptStore} writes, run by cmd.exe against the real bcdedit on a throwaway store file: what only
 * Windows can prove of them (windows-validation 14.4a), that {@code if errorlevel}, {@code &&}, {@code ||} and
 * {@code ver >nul} do what the removal script's rerun relies on. bcdedit loads a store file as a registry hive, which
 * needs an elevated prompt; without one the test is skipped.
 */
@EnabledOnOs(OS.WINDOWS)
class ScriptStoreOnWindowsTest {
    private static final UUID FIRST = UUID.fromString("6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f");
    private static final UUID SECOND = UUID.fromString("0d6e1f2a-3b4c-4d5e-8f60-718293a4b5c6");

    @TempDir
    Path folder;

    @Test
    void theRemovalScriptDeletesWhatExistsAndARerunEndsWithZero() throws Exception {
        Path store = folder.resolve("store.bcd");
        Assumptions.assumeTrue(run("bcdedit", "/createstore", store.toString()) == 0,
                "bcdedit /createstore needs an elevated prompt");
        BcdeditCommands offline = BcdeditCommands.offlineStore("bcdedit", store);

        Path create = folder.resolve("vhdboot-boot-entries.cmd");
        for (UUID id : List.of(FIRST, SECOND)) {
            new ScriptStore(create, offline).apply(new BootChange.CreateEntry(id, "Lab " + id.toString().substring(0, 4),
                    List.of(new BootElement("nx", "OptIn"))));
        }
        assertEquals(0, run("cmd", "/c", create.toString()));
        assertEquals(0, run("cmd", "/c", create.toString()), "a rerun finds both entries and sets them again");
        assertEquals(0, enumerate(store, FIRST));
        assertEquals(0, enumerate(store, SECOND));

        Path remove = folder.resolve("vhdboot-remove-entries.cmd");
        for (UUID id : List.of(FIRST, SECOND)) {
            new ScriptStore(remove, offline).apply(new BootChange.DeleteEntry(id));
        }
        // A partial run deleted the first entry only: the script must go on to the second, not stop at the first.
        assertEquals(0, run("bcdedit", "/store", store.toString(), "/delete", "{" + FIRST + "}", "/cleanup"));
        assertEquals(0, run("cmd", "/c", remove.toString()));
        assertNotEquals(0, enumerate(store, SECOND), "the second entry is gone");
        assertEquals(0, run("cmd", "/c", remove.toString()), "a rerun deletes nothing and is not stopped");

        Path wrongStore = folder.resolve("no-such-store.bcd");
        Path unreadable = folder.resolve("remove-from-nowhere.cmd");
        new ScriptStore(unreadable, BcdeditCommands.offlineStore("bcdedit", wrongStore))
                .apply(new BootChange.DeleteEntry(FIRST));
        assertEquals(1, run("cmd", "/c", unreadable.toString()), "a store it cannot read stops it at once");
    }

    private static int enumerate(Path store, UUID id) throws IOException, InterruptedException {
        return run("bcdedit", "/store", store.toString(), "/enum", "{" + id + "}", "/v");
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), Charset.defaultCharset());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        System.out.println("> " + String.join(" ", command) + " -> " + process.exitValue() + "\n" + output);
        return process.exitValue();
    }
}
