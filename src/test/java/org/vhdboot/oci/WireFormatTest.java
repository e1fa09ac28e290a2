package org.vhdboot.oci;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small formats of the protocol: challenges, Retry-After, manifests, vhdboot's annotations. */
class WireFormatTest {
    @Test
    void bearerChallengesAreParsedWithQuotedCommasAndPreferredOverBasic() {
        AuthChallenge challenge = AuthChallenge.choose(List.of("Basic realm=\"r\"",
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                        + "scope=\"repository:a/b:pull,push\"")).orElseThrow();
        assertEquals("bearer", challenge.scheme());
        assertEquals("https://auth.example/token", challenge.parameter("realm"));
        assertEquals("repository:a/b:pull,push", challenge.parameter("scope"));
        assertEquals("basic", AuthChallenge.choose(List.of("Basic realm=\"x\"")).orElseThrow().scheme());
        assertTrue(AuthChallenge.parse("Bearer realm=\"unterminated").isEmpty());
        assertTrue(AuthChallenge.parse("x".repeat(AuthChallenge.MAX_HEADER + 1)).isEmpty());
    }

    @Test
    void oneHeaderMayCarrySeveralChallengesInEitherOrder() {
        String bearer = "Bearer realm=\"https://auth.example/token\",service=\"registry.example\"";
        for (List<String> headers : List.of(List.of("Basic realm=\"r\", " + bearer),
                List.of(bearer + ", Basic realm=\"r\""), List.of(bearer, "Basic realm=\"r\""),
                List.of("Basic realm=\"r\"", "Negotiate abc==, " + bearer))) {
            AuthChallenge chosen = AuthChallenge.choose(headers).orElseThrow();
            assertEquals("bearer", chosen.scheme(), headers.toString());
            assertEquals(Map.of("realm", "https://auth.example/token", "service", "registry.example"),
                    chosen.parameters(), headers.toString());
        }
        List<AuthChallenge> both = AuthChallenge.parseAll("Basic realm=\"a, b\" , Bearer realm=\"c\"");
        assertEquals(List.of(new AuthChallenge("basic", Map.of("realm", "a, b")),
                new AuthChallenge("bearer", Map.of("realm", "c"))), both);
        assertEquals(List.of(), AuthChallenge.parseAll("realm=\"no scheme\""));
        assertEquals(List.of(), AuthChallenge.parseAll("Basic realm=\"r\", Bearer realm=\"unterminated"));
    }

    @Test
    void retryAfterIsHonouredButCapped() {
        List<Duration> waits = new ArrayList<>();
        RetryPolicy policy = RetryPolicy.defaults().withSleeper(waits::add);
        assertEquals(Duration.ofMillis(500), policy.delay(1, null));
        assertEquals(Duration.ofSeconds(2), policy.delay(3, null));
        assertEquals(Duration.ofSeconds(30), policy.delay(20, null));
        assertEquals(Duration.ofSeconds(7), policy.delay(1, "7"));
        assertEquals(Duration.ofSeconds(30), policy.delay(1, "31536000"));
        assertEquals(Duration.ofSeconds(1), policy.delay(2, "soon"));
        assertEquals(Duration.ZERO, policy.delay(1, "Wed, 21 Oct 2015 07:28:00 GMT"));
    }

    /**
     * A note is shown on terminals: a bidirectional override (U+202E) would show it, and what follows it on the line,
     * reversed. A pushed note has them made spaces; a pulled one holding them is refused.
     */
    @Test
    void aNoteCarriesNoControlOrBidirectionalOverride() {
        String hebrew = "\u05e2\u05d1\u05e8\u05d9\u05ea".translateEscapes();
        assertEquals("monthly updates  " + hebrew, VersionLayer.noteOf("monthly\u202eupdates\u2066\t".translateEscapes()
                + hebrew), "right-to-left text itself stays");
        String emoji = "\ud83d\ude00".translateEscapes();
        assertEquals("x".repeat(1023), VersionLayer.noteOf("x".repeat(1023) + emoji), "no half of a character is kept");
        assertEquals(1024, VersionLayer.noteOf("y".repeat(5000)).length());
        VersionLayer plain = layer("base", null, java.util.UUID.randomUUID());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new VersionLayer(
                plain.mediaType(), plain.digest(), plain.size(), plain.name(), "evil\u202e".translateEscapes(),
                plain.created(), plain.virtualSize(), plain.linkId(), plain.parentLinkId(), plain.uncompressedDigest(),
                plain.uncompressedSize(), plain.fileName()));
        assertTrue(refused.getMessage().contains("bidirectional"), refused.getMessage());
    }

    @Test
    void aVersionArtifactSurvivesItsManifestBytes() throws OciException {
        VersionArtifact artifact = new VersionArtifact(List.of(
                layer("base", null, java.util.UUID.fromString("2f1c0000-0000-4000-8000-000000000001")),
                layer("v2", java.util.UUID.fromString("2f1c0000-0000-4000-8000-000000000001"),
                        java.util.UUID.fromString("2f1c0000-0000-4000-8000-000000000002"))),
                Instant.parse("2026-11-27T10:00:00Z"));
        ImageManifest manifest = artifact.toManifest();
        byte[] bytes = manifest.toJson();
        assertEquals(Digest.of(bytes), manifest.descriptor().digest());
        ImageManifest parsed = ImageManifest.parse(bytes);
        assertEquals(artifact, VersionArtifact.fromManifest(parsed));
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.vhdboot.image.v1+json\""), json);
        assertTrue(json.contains("\"org.vhdboot.layer.parent-link-id\":\"2f1c0000-0000-4000-8000-000000000001\""), json);
        assertEquals("v2", manifest.annotations().get(VersionArtifact.VERSION));
    }

    private static VersionLayer layer(String name, java.util.UUID parent, java.util.UUID link) {
        Digest compressed = Digest.of(name.getBytes(StandardCharsets.UTF_8));
        Digest plain = Digest.of((name + "!").getBytes(StandardCharsets.UTF_8));
        return new VersionLayer(LayerMediaType.VHDX_ZSTD, compressed, 1234, name, "a note", Instant.parse("2026-11-26T09:14:25Z"),
                127L << 30, link, parent, plain, 4567, null);
    }

    /** Two versions are two files, each with its own identity: a manifest naming one blob twice is refused. */
    @Test
    void aManifestNamingOneBlobForTwoLayersIsRefused() throws OciException {
        java.util.UUID base = java.util.UUID.fromString("2f1c0000-0000-4000-8000-000000000001");
        VersionLayer v2 = layer("v2", base, java.util.UUID.fromString("2f1c0000-0000-4000-8000-000000000002"));
        VersionLayer baseOnV2sBlob = new VersionLayer(v2.mediaType(), v2.digest(), v2.size(), "base", "",
                v2.created(), v2.virtualSize(), base, null, Digest.of(new byte[] {1}), 4567, null);
        ImageManifest forged = ImageManifest.of(VersionArtifact.ARTIFACT_TYPE, VersionArtifact.EMPTY_CONFIG,
                List.of(baseOnV2sBlob.toDescriptor(), v2.toDescriptor()), Map.of());
        OciException refused = assertThrows(OciException.class, () -> VersionArtifact.fromManifest(forged));
        assertEquals(OciException.Kind.PROTOCOL, refused.kind());
        assertEquals("not a vhdboot image: layer v2 is the blob " + v2.digest() + " of a layer below it",
                refused.getMessage());
    }

    @Test
    void theConfigIsTheSpecsEmptyDescriptor() {
        assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                VersionArtifact.EMPTY_CONFIG.digest().toString());
        assertEquals(2, VersionArtifact.EMPTY_CONFIG.size());
    }

    @Test
    void brokenChainsAndForeignArtifactsAreRefused() throws OciException {
        java.util.UUID a = java.util.UUID.randomUUID();
        assertThrows(IllegalArgumentException.class, () -> new VersionArtifact(List.of(layer("v2", a, a)), Instant.now()));
        ImageManifest foreign = ImageManifest.of("application/vnd.example+json", VersionArtifact.EMPTY_CONFIG, List.of(), Map.of());
        assertEquals(OciException.Kind.PROTOCOL, assertThrows(OciException.class, () -> VersionArtifact.fromManifest(foreign)).kind());
        Descriptor newer = Descriptor.of("application/vnd.vhdboot.layer.v2.vhdx", Digest.of(new byte[0]), 0);
        ImageManifest future = ImageManifest.of(VersionArtifact.ARTIFACT_TYPE, VersionArtifact.EMPTY_CONFIG, List.of(newer), Map.of());
        assertEquals(OciException.Kind.UNSUPPORTED, assertThrows(OciException.class, () -> VersionArtifact.fromManifest(future)).kind());
    }

    @Test
    void hostileManifestsAreProtocolErrors() {
        String digest = "sha256:" + "b".repeat(64);
        String[] hostile = {
            "[]", "null", "{}", "{\"schemaVersion\":1}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + digest + "\",\"size\":-1},\"layers\":[]}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a b\",\"digest\":\"" + digest + "\",\"size\":1},\"layers\":[]}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"digest\":\"md5:00\",\"size\":1},\"layers\":[]}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + digest + "\",\"size\":1},\"layers\":[null]}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + digest + "\",\"size\":1},\"layers\":[]} trailing",
            "[".repeat(5000),
        };
        for (String json : hostile) {
            OciException failure = assertThrows(OciException.class, () -> ImageManifest.parse(json.getBytes(StandardCharsets.UTF_8)), json);
            assertTrue(failure.kind() == OciException.Kind.PROTOCOL || failure.kind() == OciException.Kind.UNSUPPORTED, json);
            assertTrue(!failure.getMessage().contains("\n"), failure.getMessage());
        }
        assertThrows(OciException.class, () -> ImageManifest.parse(new byte[ImageManifest.MAX_BYTES + 1]));
    }
}
