package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in bcdedit (src/test/resources/standin-bcdedit/bcdedit.py) behind an executable wrapper, as the
 * use cases will find it through {@code --bcdedit PATH}: its store, language, code page and failure point baked in.
 */
final class StandinBcdeditProgram {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path executable;
    final Path store;
    final Path log;

    private StandinBcdeditProgram(Path executable, Path store, Path log) {
        this.executable = executable;
        this.store = store;
        this.log = log;
    }

    /**
     * @param language en, de, fr, zh or ja
     * @param encoding the console code page, e.g. utf-8 or gbk
     * @param failAt the invocation number that fails, or 0 for none
     */
    static StandinBcdeditProgram in(Path dir, String language, String encoding, int failAt) throws IOException {
        Files.createDirectories(dir);
        Path store = dir.resolve("bcd-store.json");
        Path log = dir.resolve("bcdedit-calls.jsonl");
        Path wrapper = dir.resolve("bcdedit");
        String script = "#!/bin/sh\n"
                + "export VHDBOOT_FAKE_BCD_STORE='" + store + "'\n"
                + "export VHDBOOT_FAKE_BCD_LANG='" + language + "'\n"
                + "export VHDBOOT_FAKE_BCD_ENCODING='" + encoding + "'\n"
                + "export VHDBOOT_FAKE_BCD_LOG='" + log + "'\n"
                + (failAt > 0 ? "export VHDBOOT_FAKE_BCD_FAIL_AT=" + failAt + "\n" : "unset VHDBOOT_FAKE_BCD_FAIL_AT\n")
                + "exec python3 '" + programPath() + "' \"$@\"\n";
        Files.writeString(wrapper, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new StandinBcdeditProgram(wrapper, store, log);
    }

    /** The same store and log, with another failure point (0 for none). */
    StandinBcdeditProgram failingAt(String language, String encoding, int failAt) throws IOException {
        Path calls = store.resolveSibling(store.getFileName() + ".calls");
        Files.deleteIfExists(calls);
        return in(executable.getParent(), language, encoding, failAt);
    }

    private static Path programPath() {
        try {
            return Path.of(StandinBcdeditProgram.class.getResource("/standin-bcdedit/bcdedit.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every invocation's arguments, oldest first. */
    List<List<String>> calls() throws IOException {
        List<List<String>> calls = new ArrayList<>();
        if (!Files.exists(log)) {
            return calls;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            List<String> args = new ArrayList<>();
            JSON.readTree(line).forEach(node -> args.add(node.asText()));
            calls.add(args);
        }
        return calls;
    }

    /** The invocations that change the store: everything but /enum. */
    List<List<String>> changes() throws IOException {
        List<List<String>> changes = new ArrayList<>();
        for (List<String> call : calls()) {
            if (!call.contains("/enum")) {
                changes.add(call);
            }
        }
        return changes;
    }

    void clearLog() throws IOException {
        Files.deleteIfExists(log);
    }

    JsonNode objects() throws IOException {
        return JSON.readTree(store.toFile()).get("objects");
    }
}
