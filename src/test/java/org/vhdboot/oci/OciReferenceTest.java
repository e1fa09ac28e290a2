package org.vhdboot.oci;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OciReferenceTest {
    private static final String HEX = "a".repeat(64);

    @Test
    void aRegistryReferenceNamesHostPortRepositoryAndTag() throws OciException {
        RegistryReference reference = (RegistryReference) OciReference.parse("oci://Registry.Lab.example:5000/it/win11:2026-11");
        assertEquals("registry.lab.example", reference.host());
        assertEquals(5000, reference.port());
        assertEquals("it/win11", reference.repository().value());
        assertEquals("2026-11", reference.tag().value());
        assertEquals("registry.lab.example:5000", reference.authority());
        assertEquals("oci://registry.lab.example:5000/it/win11:2026-11", reference.toString());
    }

    @Test
    void aRegistryReferenceMayPinADigestInsteadOfATag() throws OciException {
        RegistryReference reference = (RegistryReference) OciReference.parse("oci://[::1]:443/a/b@sha256:" + HEX);
        assertEquals("[::1]", reference.host());
        assertNull(reference.tag());
        assertEquals("sha256:" + HEX, reference.target());
        assertTrue(reference.isLoopback());
    }

    @Test
    void theLayoutTagIsAfterTheLastColonSoWindowsAndUncPathsWork() throws OciException {
        LayoutReference drive = (LayoutReference) OciReference.parse("oci-layout:C:\\share\\repo:v1");
        assertEquals(Path.of("C:\\share\\repo"), drive.folder());
        assertEquals("v1", drive.tag().value());
        LayoutReference unc = (LayoutReference) OciReference.parse("oci-layout:\\\\server\\share\\images:2026-11");
        assertEquals(Path.of("\\\\server\\share\\images"), unc.folder());
        LayoutReference posix = (LayoutReference) OciReference.parse("oci-layout:/mnt/share/win11:latest");
        assertEquals(Path.of("/mnt/share/win11"), posix.folder());
    }

    @Test
    void aLayoutReferenceWithoutATagIsRefusedRatherThanMisread() {
        // "C:\share\repo" has a colon, but "\share\repo" is no tag.
        OciException failure = assertThrows(OciException.class, () -> OciReference.parse("oci-layout:C:\\share\\repo"));
        assertEquals(OciException.Kind.INVALID_REFERENCE, failure.kind());
        assertThrows(OciException.class, () -> OciReference.parse("oci-layout:/mnt/share"));
        assertThrows(OciException.class, () -> OciReference.parse("oci-layout::v1"));
    }

    /** A digest would read as a folder "…@sha256" and a tag of 64 hex digits, and a push would make that folder. */
    @Test
    void aLayoutReferenceByDigestIsRefusedRatherThanReadAsAFolderAndATag() throws OciException {
        String hex = "0123456789abcdef".repeat(4);
        for (String ref : new String[] {"oci-layout:/share/win11@sha256:" + hex, "oci-layout:C:\\share\\w@sha512:" + hex}) {
            OciException failure = assertThrows(OciException.class, () -> OciReference.parse(ref), ref);
            assertEquals(OciException.Kind.INVALID_REFERENCE, failure.kind());
            assertEquals("oci-layout: takes a tag, not a digest: oci-layout:PATH:TAG", failure.getMessage());
        }
        assertEquals(Path.of("/share/a@b.c/win11"), ((LayoutReference) OciReference.parse(
                "oci-layout:/share/a@b.c/win11:v1")).folder(), "an @ inside the path is a folder's name");
        assertEquals(Path.of("/share/team@lab"), ((LayoutReference) OciReference.parse("oci-layout:/share/team@lab:v1"))
                .folder(), "and so is a folder named like an algorithm, with a tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "docker://host/repo:tag", "oci://", "oci://host", "oci://host/", "oci://host/repo", "oci://host/Repo:tag",
        "oci://host/repo:", "oci://host/repo:.tag", "oci://host/repo:-tag", "oci://host/re..po:tag",
        "oci://host/repo/:tag", "oci://host/-repo:tag", "oci://host:0/repo:tag", "oci://host:65536/repo:tag",
        "oci://host:port/repo:tag", "oci://ho_st/repo:tag", "oci://user@host/repo:tag", "oci://host/repo:tag\n",
        "oci://host/repo@sha256:abc", "oci://host/repo@sha512:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "oci://host/repo@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaA",
        "oci://host/repo:t/ag", "oci://host/repo:tag?x=1", "oci://host/../repo:tag", "oci-layout:dir:ta g",
    })
    void malformedReferencesAreRefusedWithOneLine(String text) {
        OciException failure = assertThrows(OciException.class, () -> OciReference.parse(text));
        assertTrue(failure.kind() == OciException.Kind.INVALID_REFERENCE || failure.kind() == OciException.Kind.UNSUPPORTED);
        assertTrue(!failure.getMessage().contains("\n"), failure.getMessage());
    }

    /** Credentials typed into a reference, as in a URL, are refused without being quoted back in the message. */
    @ParameterizedTest
    @ValueSource(strings = {"oci://user:S3cret-pw@host:5000/repo:tag", "oci://user:S3cret-pw@host/repo:tag",
        "oci://S3cret-pw@host/repo:tag", "oci://user:S3cret/pw@host/repo:tag", "oci://user:S3cret/pw@host:5000/repo:tag",
        "oci://us/S3cret:pw@host/repo:tag",
        "oci://user:S3cret/pw@host/repo@sha256:0000000000000000000000000000000000000000000000000000000000000000"})
    void credentialsInAReferenceAreRefusedAndNeverEchoed(String text) {
        OciException failure = assertThrows(OciException.class, () -> OciReference.parse(text));
        assertEquals(OciException.Kind.INVALID_REFERENCE, failure.kind());
        assertFalse(failure.getMessage().contains("S3cret"), failure.getMessage());
        assertTrue(failure.getMessage().contains("--password-stdin"), failure.getMessage());
    }

    @Test
    void overlongNamesAndTagsAreRefused() {
        assertThrows(OciException.class, () -> OciReference.parse("oci://host/" + "a".repeat(256) + ":t"));
        assertThrows(OciException.class, () -> OciReference.parse("oci://host/repo:" + "t".repeat(129)));
        assertInstanceOf(RegistryReference.class, assertDoesNotThrowParse("oci://host/repo:" + "t".repeat(128)));
    }

    private static OciReference assertDoesNotThrowParse(String text) {
        try {
            return OciReference.parse(text);
        } catch (OciException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void onlyLoopbackHostsCountAsLoopback() throws OciException {
        assertTrue(((RegistryReference) OciReference.parse("oci://127.0.0.1:5000/a:b")).isLoopback());
        assertTrue(((RegistryReference) OciReference.parse("oci://127.1.2.3/a:b")).isLoopback());
        assertTrue(((RegistryReference) OciReference.parse("oci://localhost/a:b")).isLoopback());
        assertTrue(!((RegistryReference) OciReference.parse("oci://10.0.0.1/a:b")).isLoopback());
        assertTrue(!((RegistryReference) OciReference.parse("oci://localhost.evil.example/a:b")).isLoopback());
    }

    @Property(tries = 2000)
    void anyTextEitherParsesOrFailsAsAnOciException(@ForAll String suffix) {
        for (String prefix : new String[] {"oci://", "oci://host/", "oci://host/repo:", "oci-layout:", "oci-layout:x:"}) {
            try {
                OciReference.parse(prefix + suffix);
            } catch (OciException expected) {
                assertTrue(!expected.getMessage().isEmpty());
            }
        }
    }
}
