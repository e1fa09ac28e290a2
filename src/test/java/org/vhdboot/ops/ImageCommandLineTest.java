package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.oci.testing.Registries;
import org.vhdboot.oci.testing.TestRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vhdboot image push|pull|inspect} end to end through the command line, against the real registry over TLS
 * with htpasswd and with bearer tokens: the JSON a script reads, the exit codes, and no secret (password, wrong
 * password, Basic header value) in any output, log or ini.
 */
@ExtendWith(Registries.class)
class ImageCommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRONG = "not-the-Pa55word-xyzzy";

    @TempDir
    Path temp;

    private Registries.Set registries;
    private FleetFixture fleet;
    private final List<String> shown = new ArrayList<>();

    @BeforeEach
    void twoLayouts(Registries.Set given) throws Exception {
        registries = given;
        fleet = FleetFixture.vhdx(temp, new TestWorld());
        fleet.commit("2026-11", "base", 1 << 20, 11);
    }

    private CommandRun run(String stdin, String... args) {
        CommandRun run = CommandRun.withInput(fleet.world.services(), stdin, args);
        shown.add(run.out());
        shown.add(run.err());
        return run;
    }

    private String[] tls(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--ca-cert", registries.certificates().caCertificate().toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void pushInspectAndPullWithAPasswordOnStdinNeverShowTheSecret() throws Exception {
        String reference = "oci://" + registries.basic().authority() + "/cli/" + Long.toHexString(System.nanoTime())
                + ":2026-11";
        CommandRun pushed = run(TestRegistry.PASSWORD + "\n", tls("image", "push", "2026-11", reference, "--layout",
                fleet.master.toString(), "--username", TestRegistry.USER, "--password-stdin", "--json"));
        assertEquals(0, pushed.exitCode(), pushed.toString());
        JsonNode push = JSON.readTree(pushed.out());
        assertEquals("uploaded", push.path("layers").path(1).path("result").asText(), pushed.out());
        assertTrue(push.path("digest").asText().startsWith("sha256:"));

        CommandRun inspected = run(TestRegistry.PASSWORD + "\n", tls("image", "inspect", reference, "--layout",
                fleet.lab.toString(), "--username", TestRegistry.USER, "--password-stdin", "--json"));
        assertEquals(0, inspected.exitCode(), inspected.toString());
        JsonNode inspect = JSON.readTree(inspected.out());
        assertEquals("present", inspect.path("versions").path(0).path("status").asText());
        assertEquals("pull", inspect.path("versions").path(1).path("status").asText());
        assertEquals(push.path("layers").path(1).path("blob_size").asLong(), inspect.path("bytes_to_pull").asLong());

        CommandRun refused = run(WRONG + "\n", tls("image", "pull", reference, "--layout", fleet.lab.toString(),
                "--username", TestRegistry.USER, "--password-stdin"));
        assertEquals(11, refused.exitCode(), refused.toString());
        assertTrue(refused.err().startsWith("vhdboot: error: ") && refused.err().strip().lines().count() == 1,
                refused.err());

        CommandRun pulled = run(TestRegistry.PASSWORD + "\n", tls("image", "pull", reference, "--layout",
                fleet.lab.toString(), "--username", TestRegistry.USER, "--password-stdin", "--json"));
        assertEquals(0, pulled.exitCode(), pulled.toString());
        JsonNode pull = JSON.readTree(pulled.out());
        assertEquals("2026-11", pull.path("pulled").path(0).asText());
        assertEquals(push.path("layers").path(1).path("blob_size").asLong(), pull.path("bytes_transferred").asLong());
        assertEquals("present", pull.path("layers").path(0).path("status").asText());
        assertEquals(0, pull.path("layers").path(0).path("download_millis").asLong(-1), "nothing downloaded");
        long downloadMillis = pull.path("layers").path(1).path("download_millis").asLong(-1);
        assertTrue(downloadMillis >= 0 && downloadMillis <= pull.path("duration_millis").asLong(), pull.toString());
        assertEquals("2026-11", pull.path("top").asText());

        CommandRun text = run(TestRegistry.PASSWORD + "\n", tls("image", "pull", reference, "--layout",
                fleet.lab.toString(), "--username", TestRegistry.USER, "--password-stdin"));
        assertEquals(0, text.exitCode(), text.toString());
        assertTrue(text.out().contains("nothing new"), text.out());
        assertNoSecretAnywhere();
    }

    @Test
    void bearerTokensAndADockerConfigJsonWork() throws Exception {
        Path config = temp.resolve("docker-config.json");
        Files.writeString(config, "{\"auths\": {\"" + registries.token().authority() + "\": {\"auth\": \""
                + basic(TestRegistry.USER, TestRegistry.PASSWORD) + "\"}}}");
        String reference = "oci://" + registries.token().authority() + "/cli/" + Long.toHexString(System.nanoTime())
                + ":2026-11";
        CommandRun pushed = run("", tls("image", "push", "2026-11", reference, "--layout", fleet.master.toString(),
                "--auth-file", config.toString(), "-q"));
        assertEquals(0, pushed.exitCode(), pushed.toString());
        CommandRun pulled = run("", tls("image", "pull", reference, "--layout", fleet.lab.toString(), "--auth-file",
                config.toString()));
        assertEquals(0, pulled.exitCode(), pulled.toString());
        assertTrue(pulled.err().contains("pull 2026-11: 100% of "), "plain progress lines off a terminal: " + pulled);
        assertTrue(registries.token().tokens().requests.stream().anyMatch(s -> s.contains(":pull")));
        assertNoSecretAnywhere();
    }

    @Test
    void badReferencesAndAMissingBaseHaveTheirExitCodes() throws Exception {
        CommandRun badReference = run("", "image", "pull", "oci://127.0.0.1:1/UPPER:tag", "--layout",
                fleet.lab.toString());
        assertEquals(2, badReference.exitCode(), badReference.toString());
        CommandRun unreachable = run("", "image", "inspect", "oci://127.0.0.1:1/lab/win11:v1");
        assertEquals(11, unreachable.exitCode(), unreachable.toString());

        String share = "oci-layout:" + temp.resolve("share") + ":2026-11";
        assertEquals(0, run("", "image", "push", "2026-11", share, "--layout", fleet.master.toString(), "-q")
                .exitCode());
        FleetFixture other = FleetFixture.vhdx(temp.resolve("other"), new TestWorld());
        CommandRun noBase = run("", "image", "pull", share, "--layout", other.lab.toString());
        assertEquals(4, noBase.exitCode(), noBase.toString());
        assertTrue(noBase.err().contains("which this layout does not have"), noBase.err());
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Not in anything printed, nor in any file the layouts keep (ini, log, journal, locks). */
    private void assertNoSecretAnywhere() throws Exception {
        List<String> secrets = List.of(TestRegistry.PASSWORD, WRONG, basic(TestRegistry.USER, TestRegistry.PASSWORD));
        List<String> texts = new ArrayList<>(shown);
        for (Path folder : List.of(fleet.master, fleet.lab)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> !f.toString().endsWith(".vhdx")).toList()) {
                    texts.add(file.getFileName() + ": " + new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                }
            }
        }
        for (String text : texts) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "a secret in: " + text);
            }
        }
    }
}
