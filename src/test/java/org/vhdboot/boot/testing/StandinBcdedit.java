package org.vhdboot.boot.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.process.ProcessRunner;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in bcdedit ({@code src/test/resources/standin-bcdedit/bcdedit.py}) run as a real process: an
 * executable {@code bcdedit} shell wrapper in a folder, with the language, code page, store and log baked in,
 * so the code under test runs it like the real program, with nothing but its path. Each run starts Python,
 * so tests use it for end-to-end checks only and {@link FakeBcdedit} for the rest.
 */
public final class StandinBcdedit implements BcdeditDouble {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /**
     * The program {@code python3} on the PATH names, asked once: a version manager's shim (pyenv's is a bash script
     * that starts several processes) costs about 0.3 s a run, ten times Python's own start.
     */
    private static final String PYTHON = interpreter();

    private final Path folder;
    private final String language;
    private final String encoding;
    private final String firmware;

    private StandinBcdedit(Path folder, String language, String encoding, String firmware) {
        this.folder = folder;
        this.language = language;
        this.encoding = encoding;
        this.firmware = firmware;
    }

    /**
     * A UEFI machine's stand-in whose store and log live in {@code folder}; over the folder of a
     * {@link FakeBcdedit}, it carries on with the fake's store.
     *
     * @param language {@code en}, {@code de}, {@code fr}, {@code zh} or {@code ja}
     * @param encoding a Python codec name such as {@code utf-8}, {@code gbk} or {@code cp932}, which Java knows too
     */
    public static StandinBcdedit in(Path folder, String language, String encoding) throws IOException {
        return in(folder, language, encoding, "uefi");
    }

    public static StandinBcdedit in(Path folder, String language, String encoding, String firmware) throws IOException {
        StandinBcdedit standin = new StandinBcdedit(Files.createDirectories(folder), language, encoding, firmware);
        standin.writeWrapper(0);
        return standin;
    }

    /** The stand-in program itself. */
    static Path script() {
        try {
            return Path.of(StandinBcdedit.class.getResource("/standin-bcdedit/bcdedit.py").toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public String executable() {
        return folder.resolve("bcdedit").toString();
    }

    @Override
    public BcdeditProcess process() {
        return new BcdeditProcess(ProcessRunner.local(), Charset.forName(encoding), TIMEOUT);
    }

    @Override
    public Path store() {
        return folder.resolve("bcd-store.json");
    }

    private Path log() {
        return folder.resolve("bcdedit-invocations.log");
    }

    /** Rewrites the wrapper with the new failure point and restarts the stand-in's count of invocations. */
    @Override
    public void failAt(int invocation) throws IOException {
        Files.deleteIfExists(store().resolveSibling(store().getFileName() + ".calls"));
        writeWrapper(invocation);
    }

    @Override
    public List<List<String>> calls() throws IOException {
        if (!Files.exists(log())) {
            return List.of();
        }
        List<List<String>> invocations = new ArrayList<>();
        for (String line : Files.readAllLines(log(), StandardCharsets.UTF_8)) {
            invocations.add(JSON.readValue(line, new TypeReference<List<String>>() { }));
        }
        return invocations;
    }

    @Override
    public void clearLog() throws IOException {
        Files.deleteIfExists(log());
    }

    private void writeWrapper(int failAt) throws IOException {
        StringBuilder wrapper = new StringBuilder("#!/bin/sh\n");
        exported(wrapper, "VHDBOOT_FAKE_BCD_STORE", store().toString());
        exported(wrapper, "VHDBOOT_FAKE_BCD_LANG", language);
        exported(wrapper, "VHDBOOT_FAKE_BCD_ENCODING", encoding);
        exported(wrapper, "VHDBOOT_FAKE_BCD_FIRMWARE", firmware);
        exported(wrapper, "VHDBOOT_FAKE_BCD_LOG", log().toString());
        wrapper.append(failAt > 0 ? "export VHDBOOT_FAKE_BCD_FAIL_AT=" + failAt + "\n" : "unset VHDBOOT_FAKE_BCD_FAIL_AT\n");
        wrapper.append("exec ").append(shellQuoted(PYTHON)).append(" -E -S ").append(shellQuoted(script().toString())).append(" \"$@\"\n");
        Path executable = Path.of(executable());
        Files.writeString(executable, wrapper, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String interpreter() {
        try {
            // A shim's warnings on stderr are not the answer; the interpreter prints its path as the last line.
            Process process = new ProcessBuilder("python3", "-E", "-S", "-c", "import sys; print(sys.executable)")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                    .split("\\R");
            String answer = lines[lines.length - 1];
            if (process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0
                    && !answer.isEmpty() && Files.isExecutable(Path.of(answer))) {
                return answer;
            }
            process.destroyForcibly();
        } catch (IOException e) {
            // No python3 on the PATH: the wrapper names it anyway, and its run fails with the shell's own message.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "python3";
    }

    private static void exported(StringBuilder wrapper, String name, String value) {
        wrapper.append("export ").append(name).append('=').append(shellQuoted(value)).append('\n');
    }

    private static String shellQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
