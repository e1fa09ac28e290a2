package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutFileNameTest {
    private static final Path FOLDER = Path.of("/srv/layouts/VHD").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"Win11.vhdx", "Win11-Current.vhdx", "Win 11 (lab).vhd", "Gold-Current.20261126-091425.vhdx",
        "Éclair-Current.vhdx", ".hidden.vhdx", "a..b.vhdx", "CONSOLE.vhdx", "COM10.vhdx", "nul-ish.vhdx"})
    void plainNamesPass(String name) {
        assertEquals(Optional.empty(), LayoutFileName.problem(name, FOLDER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "../x", "..\\x", "a/b.vhdx", "a\\b.vhdx", "/etc/passwd", "C:\\VHD\\x.vhdx", "C:x.vhdx",
        "\\\\server\\share\\x.vhdx", "\\\\?\\C:\\x.vhdx", "\\\\.\\PhysicalDrive0", "x.vhdx:stream", ".", "..",
        "x.vhdx.", "x.vhdx ", "CON", "con.vhdx", "NUL", "Nul.txt", "AUX", "PRN.vhdx", "COM1", "com9.vhdx", "LPT1",
        "lpt9.vhd", "COM\u00B9", "CONIN$", "CON .vhdx", "a\u0000b.vhdx", "a\nb.vhdx", "a\u007Fb", "tab\tname.vhdx",
        "what?.vhdx", "a*b.vhdx", "a<b", "a>b", "a|b", "a\"b"})
    void anythingThatCouldLeaveTheFolderOrIsNoFileIsRefused(String name) {
        assertTrue(LayoutFileName.problem(name, FOLDER).isPresent(), name);
    }

    @ParameterizedTest
    @ValueSource(ints = {255, 256})
    void namesLongerThanWindowsAllowsAreRefused(int length) {
        assertEquals(length > 255, LayoutFileName.problem("x".repeat(length), FOLDER).isPresent());
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
}
