package org.vhdboot.boot;

import org.vhdboot.files.KeptFile;
import org.vhdboot.files.NotAFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes boot store changes to a {@code .cmd} file instead of carrying them out, for preparing a machine
 * offline (from Linux or WinPE). Each change becomes its exact bcdedit command lines, each followed by
 * {@code if errorlevel 1 exit /b 1}, so the administrator who runs the script sees the first failure and
 * nothing after it runs. The script can be run again: {@code /create} runs only when {@code /enum} of the same
 * identifier fails, {@code /delete} only when it succeeds (and stops the script only if the entry is still there
 * after it, see {@link #guardedDelete}), and every other command sets a value or a position that is the same the
 * second time.
 * Changes are appended; a new or empty file first gets a short header.
 * <p>
 * The file is UTF-8 with CRLF line ends, and the header switches the console to code page 65001 so that
 * descriptions in any language reach bcdedit intact. Each change is written as whole lines in one write and
 * flushed to disk, so a crash cannot leave half a command behind.
 */
public final class ScriptStore extends WriteOnlyBootStore {

    private static final String LINE_END = "\r\n";
    private static final List<String> HEADER = List.of(
            "@echo off",
            "rem Boot store changes prepared by vhdboot.",
            "rem Run from an elevated command prompt; the script stops at the first command that fails.",
            "rem Running it again is safe: an entry that exists already is not created twice, nor one gone deleted again.",
            "chcp 65001 >nul");
    private static final String STOP_ON_FAILURE = "if errorlevel 1 exit /b 1";

    private final Path script;
    private final BcdeditCommands commands;

    /**
     * @param script   the {@code .cmd} file to append to
     * @param commands how the script calls bcdedit, e.g. with {@code /store S:\EFI\Microsoft\Boot\BCD}
     */
    public ScriptStore(Path script, BcdeditCommands commands) {
        this.script = Objects.requireNonNull(script, "script");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    @Override
    public BootStoreKind kind() {
        return BootStoreKind.SCRIPT;
    }

    /** Appends the change's command lines, each followed by a stop on failure, in one write. */
    @Override
    public void apply(BootChange change) throws BootStoreException {
        List<String> lines = new ArrayList<>();
        for (BcdChange step : BcdChange.of(change)) {
            String command = WindowsCommandLine.forBatchFile(commands.forChange(step));
            if (step instanceof BcdChange.CreateLoader create) {
                // bcdedit /create refuses an identifier that exists, which would stop a second run here.
                command = lookup(create.id()) + " >nul 2>&1 || " + command;
            }
            if (step instanceof BcdChange.DeleteEntry delete) {
                lines.addAll(guardedDelete(delete.id(), command));
                continue;
            }
            lines.add(command);
            lines.add(STOP_ON_FAILURE);
        }
        append(lines);
    }

    /**
     * bcdedit /delete fails on an entry gone already, so it runs only where /enum finds the entry, and only an entry
     * still there after it stops the script. /enum of the entry fails for an unreadable store too (not elevated, a
     * wrong /store path): the store is read first, its error shown, so that never passes for a gone entry. The last
     * line leaves ERRORLEVEL 0 when the entry is gone (ver clears it), so a rerun's script ends with 0.
     */
    private List<String> guardedDelete(UUID id, String delete) {
        String lookup = lookup(id) + " >nul 2>&1";
        return List.of(
                WindowsCommandLine.forBatchFile(commands.enumerate("all")) + " >nul",
                STOP_ON_FAILURE,
                lookup + " && " + delete,
                lookup + " && exit /b 1 || ver >nul");
    }

    /** The command that succeeds when the entry {@code id} exists. */
    private String lookup(UUID id) {
        return WindowsCommandLine.forBatchFile(commands.enumerate(BcdIdentifiers.commandForm(id)));
    }

    /** The bcdedit command lines the script runs, as they would be typed at a prompt. */
    @Override
    public List<String> describe(BootChange change) {
        return commands.commandLines(change).stream().map(WindowsCommandLine::forConsole).toList();
    }

    private void append(List<String> commandLines) throws BootStoreException {
        try (FileChannel channel = KeptFile.open(script,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            StringBuilder text = new StringBuilder();
            if (channel.size() == 0) {
                HEADER.forEach(line -> text.append(line).append(LINE_END));
            }
            commandLines.forEach(line -> text.append(line).append(LINE_END));
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (NotAFileException planted) {
            throw new BootStoreException("Cannot write the boot script: " + planted.getMessage(), planted);
        } catch (IOException cannotWrite) {
            throw new BootStoreException("Cannot write the boot script " + script + ": " + cannotWrite.getMessage(),
                    cannotWrite);
        }
    }
}
