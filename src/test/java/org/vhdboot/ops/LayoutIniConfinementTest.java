package org.vhdboot.ops;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.layout.Layout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-edited or planted {@code vhdboot.ini}: a file name outside the folder, a child that is the parent or
 * the other child, a malformed line. Every command refuses it with exit 6 and one line naming the ini, the
 * line and the key, and nothing anywhere changes.
 */
class LayoutIniConfinementTest {
    private static HostileArena arena;

    @BeforeAll
    static void makeArena() throws Exception {
        arena = HostileArena.create("vhd");
    }

    @AfterAll
    static void removeArena() throws Exception {
        arena.close();
    }

    @BeforeEach
    void restore() throws Exception {
        arena.restore();
    }

    /**
     * @param find a line of the ini as init wrote it
     * @param replacement what it becomes ({LF} a line break, {NUL} a NUL, {FF} the byte 0xFF)
     * @param named what the error says after {@code line N: }
     * @param lineDelta the error's line relative to {@code find}'s
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "parent = Gold.vhd            | parent = ../decoy/Gold.vhd                 | [layout] parent = ../decoy/Gold.vhd is not a plain file name | 0",
        "parent = Gold.vhd            | parent = ${DECOY}                          | [layout] parent = ${DECOY} is not a plain file name | 0",
        "file = Gold-Current.vhd      | file = Gold.vhd                            | [current] file = Gold.vhd is the same file as [layout] parent | 0",
        "file = Gold-Recovery.vhd     | file = Gold-Current.vhd                    | [recovery] file = Gold-Current.vhd is the same file as [current] file | 0",
        "file = Gold-Recovery.vhd     | file = gold-current.VHD                    | [recovery] file = gold-current.VHD is the same file as [current] file | 0",
        "file = Gold-Recovery.vhd     | file = Gold-Current.vhdboot-tmp.vhd        | [recovery] file = Gold-Current.vhdboot-tmp.vhd is the same file as [current] file | 0",
        "file = Gold-Recovery.vhd     | file = ../x.vhd                            | [recovery] file = ../x.vhd is not a plain file name | 0",
        "file = Gold-Current.vhd      | file = C:\\VHD\\x.vhd                     | [current] file = C:\\VHD\\x.vhd is not a plain file name | 0",
        "file = Gold-Current.vhd      | file = \\\\?\\C:\\x.vhd                  | [current] file = \\\\?\\C:\\x.vhd is not a plain file name | 0",
        "file = Gold-Current.vhd      | file = NUL.vhd                             | [current] file = NUL.vhd is not a plain file name   | 0",
        "file = Gold-Current.vhd      | file = x                                   | [current] file = x is not a .vhd file              | 0",
        "file = Gold-Current.vhd      | file = Gold-Current.vhd{LF}file = Gold.vhd | [current] file is set twice (also on line           | 1",
        "file = Gold-Current.vhd      | file = Gold-Current.vhd{LF}file Gold.vhd   | 'file Gold.vhd' is not a setting                   | 1",
        "file = Gold-Current.vhd      | file = Gold-Current.vhd{NUL}               | [current] file holds a control character           | 0",
        "file = Gold-Current.vhd      | file = Gold-Current.vhd{FF}                | file holds text that is not UTF-8                  | 0",
        "[recovery]                   | [current]                                  | section [current] appears twice                    | 0",
        "free_space = warn            | bcd_backup = ../x{LF}free_space = warn     | [layout] bcd_backup = ../x is not a plain file name | 0",
        "timeout = 5                  | timeout = 5{LF}timeout = 0                 | [layout] timeout is set twice                      | 1",
        "name = Gold                  | name = ../x                                | [layout] name = ../x cannot be part of a file name | 0",
        "name = Gold                  | name = ${DECOY}                            | [layout] name = ${DECOY} cannot be part of a file name | 0",
        "description = Gold (Current) | description = Gold\" & x                  | [current] description = Gold\" & x holds a double quote | 0",
        "free_space = warn            | boot_folder = C:\\VHD\"{LF}free_space = warn | [layout] boot_folder = C:\\VHD\" holds a double quote | 0",
    })
    void everyCommandRefusesTheIniAndNothingChanges(String find, String replacement, String named, int lineDelta)
            throws Exception {
        Path ini = arena.layout.resolve(Layout.INI_NAME);
        String text = Files.readString(ini);
        int line = text.lines().toList().indexOf(find) + 1 + lineDelta;
        assertTrue(line > lineDelta, find + " is a line of\n" + text);
        byte[] edited = arena.placed(text.replace(find, replacement.replace("{LF}", "\n").replace("{NUL}", "\u0000")
                .replace("{FF}", "\u00FF"))).getBytes(StandardCharsets.UTF_8);
        Files.write(ini, replacement.contains("{FF}") ? toLatin1Byte(edited) : edited);
        FolderSnapshot before = arena.snapshot();
        for (String[] command : List.of(
                new String[] {"status", "--layout", arena.layout.toString()},
                new String[] {"reset", "--yes", "--layout", arena.layout.toString()},
                new String[] {"reset", "--dry-run", "--layout", arena.layout.toString()},
                new String[] {"remove", "--delete-children", "--yes", "--layout", arena.layout.toString()},
                new String[] {"agent", "tick", "--layout", arena.layout.toString()},
                new String[] {"init", "--dry-run", "--boot-store", "none", "--parent", arena.parent.toString()})) {
            arena.platform.runningRole = command[0].equals("agent") ? "recovery" : null;
            CommandRun run = CommandRun.with(arena.services, command);
            String what = String.join(" ", command) + ": " + run;
            assertEquals(ExitCode.PRECONDITION.code(), run.exitCode(), what);
            List<String> errors = run.err().lines().filter(l -> l.startsWith("vhdboot: error: ")).toList();
            assertEquals(1, errors.size(), what);
            assertTrue(errors.get(0).startsWith("vhdboot: error: " + ini + ", line " + line + ": " + arena.placed(named)),
                    what);
            assertEquals(List.of(), before.changesTo(arena.snapshot()), what);
        }
    }

    /** {FF} stands for one byte that is not UTF-8: the UTF-8 encoding of U+00FF is replaced by 0xFF alone. */
    private static byte[] toLatin1Byte(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        int at = text.indexOf('\u00FF');
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at + 1).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        out[head.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, out, head.length + 1, tail.length);
        return out;
    }
}
