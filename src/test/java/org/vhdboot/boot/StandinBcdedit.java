package org.vhdboot.boot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vhdboot.windows.ProcessResult;
import org.vhdboot.windows.ProcessRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Test access to the stand-in bcdedit ({@code src/test/resources/standin-bcdedit/bcdedit.py}): writes an
 * executable {@code bcdedit} shell wrapper into a directory with the stand-in's settings baked in, so the code
 * under test runs it like the real program, with nothing but an executable path.
 */
final class StandinBcdedit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path executable;
    private final Path store;
    private final Path log;
    private final Charset charset;

    private StandinBcdedit(Path executable, Path store, Path log, Charset charset) {
        this.executable = executable;
        this.store = store;
        this.log = log;
        this.charset = charset;
    }

    /** An English, UTF-8, UEFI stand-in whose store and log live in {@code directory}. */
    static Builder in(Path directory) {
        return new Builder(directory);
    }

    /** The stand-in program itself. */
    static Path script() {
        try {
            return Path.of(StandinBcdedit.class.getResource("/standin-bcdedit/bcdedit.py").toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    Path executable() {
        return executable;
    }

    /** The JSON file holding the system store. */
    Path store() {
        return store;
    }

    /** The console code page the stand-in writes in. */
    Charset charset() {
        return charset;
    }

    /** A store that runs this stand-in on its system store, with a timeout short enough for tests. */
    BcdeditStore systemStore() {
        return new BcdeditStore(BcdeditCommands.systemStore(executable.toString()), charset, ProcessRunner.local(),
                Duration.ofSeconds(20));
    }

    BcdeditStore offlineStore(Path storeFile) {
        return new BcdeditStore(BcdeditCommands.offlineStore(executable.toString(), storeFile), charset,
                ProcessRunner.local(), Duration.ofSeconds(20));
    }

    /** Runs the stand-in directly, e.g. for {@code /createstore} in a test's setup. */
    ProcessResult run(String... arguments) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(List.of(arguments));
        return ProcessRunner.local().run(argv, Duration.ofSeconds(20));
    }

    /** Every invocation's arguments (without the program), oldest first. */
    List<List<String>> loggedArguments() throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<List<String>> invocations = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            invocations.add(JSON.readValue(line, new TypeReference<List<String>>() { }));
        }
        return invocations;
    }

    void clearLog() throws IOException {
        Files.deleteIfExists(log);
    }

    /** The stored objects as the stand-in keeps them: GUID to {type, elements}. */
    JsonNode objects() throws IOException {
        return JSON.readTree(store.toFile()).get("objects");
    }

    static final class Builder {
        private final Path directory;
        private String language = "en";
        private String encoding = "utf-8";
        private String firmware = "uefi";
        private OptionalInt failAt = OptionalInt.empty();

        private Builder(Path directory) {
            this.directory = directory;
        }

        /** {@code en}, {@code de}, {@code fr}, {@code zh} or {@code ja}. */
        Builder language(String value) {
            language = value;
            return this;
        }

        /** A Python codec name such as {@code gbk} or {@code cp932}; also the charset the store decodes with. */
        Builder encoding(String value) {
            encoding = value;
            return this;
        }

        Builder firmware(String value) {
            firmware = value;
            return this;
        }

        /** The Nth invocation fails with exit code 1. */
        Builder failAt(int invocation) {
            failAt = OptionalInt.of(invocation);
            return this;
        }

        StandinBcdedit build() {
            Path store = directory.resolve("bcd-store.json");
            Path log = directory.resolve("bcdedit-invocations.log");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("VHDBOOT_FAKE_BCD_STORE", store.toString());
            settings.put("VHDBOOT_FAKE_BCD_LANG", language);
            settings.put("VHDBOOT_FAKE_BCD_ENCODING", encoding);
            settings.put("VHDBOOT_FAKE_BCD_FIRMWARE", firmware);
            settings.put("VHDBOOT_FAKE_BCD_LOG", log.toString());
            StringBuilder wrapper = new StringBuilder("#!/bin/sh\n");
            settings.forEach((name, value) -> wrapper.append("export ").append(name).append('=')
                    .append(shellQuoted(value)).append('\n'));
            wrapper.append(failAt.isPresent()
                    ? "export VHDBOOT_FAKE_BCD_FAIL_AT=" + failAt.getAsInt() + "\n"
                    : "unset VHDBOOT_FAKE_BCD_FAIL_AT\n");
            wrapper.append("exec python3 -E -S ").append(shellQuoted(script().toString())).append(" \"$@\"\n");
            Path executable = directory.resolve("bcdedit");
            try {
                Files.writeString(executable, wrapper, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
            return new StandinBcdedit(executable, store, log, Charset.forName(encoding));
        }

        private static String shellQuoted(String value) {
            return "'" + value.replace("'", "'\\''") + "'";
        }
    }
}
