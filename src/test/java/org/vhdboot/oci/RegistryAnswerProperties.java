package org.vhdboot.oci;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.vhdboot.testing.ByteMutants;
import org.vhdboot.testing.MemoryTempDirs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registry answers are hostile input: manifests, {@code index.json}, {@code WWW-Authenticate} challenges, token
 * responses, error bodies, {@code Retry-After}, and the Docker {@code config.json} the agent reads. Each parser is fed
 * valid answers mutated (bytes flipped, cut, repeated, JSON tokens spliced in) and text that never was valid; it gives
 * a value or fails as an {@link OciException} in one line: never another exception, a secret in a message, or an
 * unbounded wait. What it accepts reads back the same when written again.
 */
class RegistryAnswerProperties {
    private static final String SECRET = "S3cret-Pa55-4-fuzz";
    private static final List<String> SPLICES = List.of("\"", "{", "}", "[", "]", ",", ":", "null", "-1", "0",
            "1e999", "9223372036854775808", "\"\\u0000\"", "\"../../x\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "\"sha256:\"", "\"application/vnd.vhdboot.layer.v1.vhdx+zstd\"", "true", "\"\\ud800\"", "{}", "[]");

    private static final byte[] MANIFEST = artifact().toManifest().toJson();
    /** An image layout's index naming the manifest {@code stable}, whose blob the fuzzed folders hold. */
    private static final byte[] INDEX = new ImageIndex(2, ImageIndex.MEDIA_TYPE, List.of(tagged(artifact().toManifest()
            .descriptor(), "stable")), Map.of()).toJson();
    private static final byte[] TOKEN = "{\"token\":\"eyJhbGciOiJFUzI1NiJ9.e30.c2ln\",\"expires_in\":300}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ERROR = ("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\","
            + "\"detail\":{\"Tag\":\"stable\"}}]}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONFIG = ("{\"auths\":{\"registry.lab:5000\":{\"auth\":\"" + Base64.getEncoder()
            .encodeToString(("lab:" + SECRET).getBytes(StandardCharsets.UTF_8)) + "\"},\"https://index.docker.io/v1/\":"
            + "{\"username\":\"u\",\"password\":\"" + SECRET + "\"}},\"credsStore\":\"\"}").getBytes(StandardCharsets.UTF_8);

    private static Descriptor tagged(Descriptor manifest, String tag) {
        return manifest.withAnnotations(Map.of(ImageIndex.REF_NAME, tag));
    }

    private static VersionArtifact artifact() {
        UUID base = UUID.fromString("2f1c0000-0000-4000-8000-000000000001");
        return new VersionArtifact(List.of(layer("base", null, base),
                layer("2026-12", base, UUID.fromString("2f1c0000-0000-4000-8000-000000000002"))),
                Instant.parse("2026-12-01T10:00:00Z"));
    }

    private static VersionLayer layer(String name, UUID parent, UUID link) {
        return new VersionLayer(LayerMediaType.VHDX_ZSTD, Digest.of(name.getBytes(StandardCharsets.UTF_8)), 1234, name,
                "monthly updates", Instant.parse("2026-11-26T09:14:25Z"), 127L << 30, link, parent,
                Digest.of((name + "!").getBytes(StandardCharsets.UTF_8)), 4567, "Win11-v-" + name + ".vhdx");
    }

    @Property(tries = 1500)
    void aManifestGivesAVersionArtifactOrAnOciException(@ForAll("manifests") byte[] json) throws OciException {
        VersionArtifact read;
        try {
            read = VersionArtifact.fromManifest(ImageManifest.parse(json));
        } catch (OciException refused) {
            assertOneLine(refused);
            return;
        }
        assertEquals(read, VersionArtifact.fromManifest(ImageManifest.parse(read.toManifest().toJson())));
    }

    @Property(tries = 1000)
    void anIndexGivesAnIndexOrAnOciException(@ForAll("indexes") byte[] json) throws OciException {
        ImageIndex read;
        try {
            read = ImageIndex.parse(json);
        } catch (OciException refused) {
            assertOneLine(refused);
            return;
        }
        assertEquals(read, ImageIndex.parse(read.toJson()));
    }

    @Property(tries = 1000)
    void aTokenResponseGivesAPrintableTokenOrAnOciException(@ForAll("tokens") byte[] json) {
        try {
            String token = RegistryAuth.tokenOf(json);
            assertTrue(!token.isEmpty() && token.length() <= RegistryAuth.MAX_TOKEN
                    && token.chars().allMatch(c -> c > 0x20 && c < 0x7f), token);
        } catch (OciException refused) {
            assertOneLine(refused);
        }
    }

    @Property(tries = 1000)
    void anErrorBodyGivesOnePrintableLine(@ForAll("errors") byte[] body) {
        String detail = RegistryErrors.firstError(body, text -> text);
        assertTrue(detail.isEmpty() || detail.startsWith(" ("), detail);
        assertTrue(detail.length() < 400 && detail.chars().noneMatch(Character::isISOControl), detail);
    }

    @Property(tries = 2000)
    void aChallengeParsesOrIsIgnored(@ForAll("challenges") String header) {
        Optional<AuthChallenge> parsed = AuthChallenge.parse(header);
        parsed.ifPresent(challenge -> assertFalse(challenge.scheme().isEmpty()));
        AuthChallenge.parseAll(header).forEach(challenge -> assertTrue(
                challenge.scheme().chars().noneMatch(c -> c <= ' ' || c == ',' || c == '='), challenge.scheme()));
        AuthChallenge.choose(List.of(header, header));
    }

    @Property(tries = 1000)
    void retryAfterNeverWaitsLongerThanThePolicyAllows(@ForAll("retryAfters") String header,
                                                      @ForAll("attempts") int attempt) {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30),
                duration -> { }, Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), java.time.ZoneOffset.UTC),
                RetryPolicy.Notice.NONE);
        Duration delay = policy.delay(attempt, header);
        assertFalse(delay.isNegative(), delay.toString());
        assertTrue(delay.compareTo(Duration.ofSeconds(30)) <= 0, delay.toString());
    }

    @Property(tries = 600)
    void aDockerConfigGivesCredentialsOrAnOciExceptionWithoutTheSecret(@ForAll("configs") byte[] json)
            throws Exception {
        Path folder = MemoryTempDirs.create("vhdboot-config-fuzz");
        Path file = folder.resolve("config.json");
        try {
            Files.write(file, json);
            DockerConfig.read(file).credentialsFor("registry.lab:5000");
        } catch (OciException refused) {
            assertOneLine(refused);
            assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
            assertFalse(refused.getMessage().contains(Base64.getEncoder().encodeToString(("lab:" + SECRET)
                    .getBytes(StandardCharsets.UTF_8)).substring(0, 12)), refused.getMessage());
        } finally {
            Files.deleteIfExists(file);
            Files.delete(folder);
        }
    }

    /** An image-layout folder on a share is as hostile as a registry: its {@code oci-layout} and {@code index.json}. */
    @Property(tries = 500)
    void aLayoutFolderResolvesATagOrFailsAsAnOciException(@ForAll("layoutFiles") byte[] layoutFile,
                                                          @ForAll("layoutIndexes") byte[] index) throws Exception {
        Path folder = MemoryTempDirs.create("vhdboot-layout-fuzz");
        try {
            Files.write(folder.resolve("oci-layout"), layoutFile);
            Files.write(folder.resolve("index.json"), index);
            Path blobs = Files.createDirectories(folder.resolve("blobs").resolve("sha256"));
            Files.write(blobs.resolve(Digest.of(MANIFEST).hex()), MANIFEST);
            try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci-layout:" + folder + ":stable"),
                    TransportOptions.defaults())) {
                assertEquals(artifact(), VersionArtifact.fromManifest(store.resolve("stable").manifest()));
                Statistics.collect("resolved");
            } catch (OciException refused) {
                assertOneLine(refused);
                Statistics.collect("refused");
            }
        } finally {
            try (var files = Files.walk(folder)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Regression seed: an oci-layout file that was not JSON failed with Jackson's own message and no exit 11. */
    @Example
    void anOciLayoutFileThatIsNotJsonIsRefusedInOneLine() throws Exception {
        aLayoutFolderResolvesATagOrFailsAsAnOciException("{\"imageLayoutVersion\": \"1.0.0\",, x"
                .getBytes(StandardCharsets.UTF_8), INDEX);
        aLayoutFolderResolvesATagOrFailsAsAnOciException("[".repeat(40).getBytes(StandardCharsets.UTF_8), INDEX);
    }

    /** Regression seed: nesting past Jackson's limit failed with no location, and reading it threw a NullPointerException. */
    @Example
    void aConfigNestedTooDeepIsRefusedInOneLine() throws Exception {
        aDockerConfigGivesCredentialsOrAnOciExceptionWithoutTheSecret(("{\"auths\":" + "[".repeat(40) + "]".repeat(40)
                + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static void assertOneLine(OciException refused) {
        String message = refused.getMessage();
        assertTrue(message != null && !message.isBlank() && message.lines().count() == 1, String.valueOf(message));
    }

    @Provide
    Arbitrary<byte[]> manifests() {
        return mutants(MANIFEST);
    }

    @Provide
    Arbitrary<byte[]> indexes() {
        return mutants(INDEX);
    }

    @Provide
    Arbitrary<byte[]> layoutFiles() {
        return Arbitraries.oneOf(mutants("{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just("{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8)));
    }

    /** Half of them whole, so the other file's mutants are read past the index. */
    @Provide
    Arbitrary<byte[]> layoutIndexes() {
        return Arbitraries.oneOf(mutants(INDEX), Arbitraries.just(INDEX));
    }

    @Provide
    Arbitrary<byte[]> tokens() {
        return mutants(TOKEN);
    }

    @Provide
    Arbitrary<byte[]> errors() {
        return mutants(ERROR);
    }

    @Provide
    Arbitrary<byte[]> configs() {
        return mutants(CONFIG);
    }

    @Provide
    Arbitrary<String> challenges() {
        String valid = "Basic realm=\"lab\", Bearer realm=\"https://auth.lab:5001/token\","
                + "service=\"registry.lab:5000\",scope=\"repository:fleet/win11:pull\"";
        return Arbitraries.oneOf(mutants(valid.getBytes(StandardCharsets.UTF_8)).map(bytes -> new String(bytes,
                StandardCharsets.UTF_8)), Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("=\", \\\t").ofMaxLength(9000).map(s -> "Basic " + s));
    }

    @Provide
    Arbitrary<String> retryAfters() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().numeric().ofMaxLength(30), Arbitraries.of("Wed, 21 Oct 2015 07:28:00 GMT",
                        "Fri, 31 Dec 9999 23:59:59 GMT", " 120 ", "-5", "1e9", "Thu, 03 Dec 2026 12:00:30 GMT"));
    }

    @Provide
    Arbitrary<Integer> attempts() {
        return Arbitraries.integers().between(1, 1000);
    }

    private static Arbitrary<byte[]> mutants(byte[] seed) {
        return ByteMutants.of(seed, SPLICES);
    }
}
