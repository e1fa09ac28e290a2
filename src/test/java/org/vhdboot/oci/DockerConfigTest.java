package org.vhdboot.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerConfigTest {
    private static final String SECRET = "hunter2-Secret";

    @TempDir
    Path temp;

    private DockerConfig config(String json) throws Exception {
        Path file = temp.resolve("config.json");
        Files.writeString(file, json);
        return DockerConfig.read(file);
    }

    private static String auth(String pair) {
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAuthsEntryGivesTheUserAndPasswordOfItsHost() throws Exception {
        DockerConfig config = config("{\"auths\":{\"registry.lab:5000\":{\"auth\":\"" + auth("admin:" + SECRET)
                + "\"},\"https://other.example/v1/\":{\"username\":\"bob\",\"password\":\"pw\"}}}");
        Credentials lab = config.credentialsFor("registry.lab:5000").orElseThrow();
        assertEquals("admin", lab.username());
        assertEquals("Basic " + auth("admin:" + SECRET), lab.basicAuthorization());
        assertFalse(lab.toString().contains(SECRET), lab.toString());
        assertEquals("bob", config.credentialsFor("other.example").orElseThrow().username());
        assertEquals(Optional.empty(), config.credentialsFor("unknown.example"));
    }

    @Test
    void aPasswordMayContainColons() throws Exception {
        Credentials credentials = config("{\"auths\":{\"h\":{\"auth\":\"" + auth("u:a:b:c") + "\"}}}")
                .credentialsFor("h").orElseThrow();
        assertEquals("Basic " + auth("u:a:b:c"), credentials.basicAuthorization());
    }

    @Test
    void credentialHelpersAndStoresAreReportedAsUnsupported() throws Exception {
        OciException helper = assertThrows(OciException.class, () -> config(
                "{\"credHelpers\":{\"registry.lab\":\"ecr-login\"}}").credentialsFor("registry.lab"));
        assertEquals(OciException.Kind.UNSUPPORTED, helper.kind());
        assertTrue(helper.getMessage().contains("--password-stdin"), helper.getMessage());
        OciException store = assertThrows(OciException.class, () -> config(
                "{\"auths\":{\"registry.lab\":{}},\"credsStore\":\"desktop\"}").credentialsFor("registry.lab"));
        assertEquals(OciException.Kind.UNSUPPORTED, store.kind());
        OciException identity = assertThrows(OciException.class, () -> config(
                "{\"auths\":{\"h\":{\"identitytoken\":\"" + SECRET + "\"}}}").credentialsFor("h"));
        assertFalse(identity.getMessage().contains(SECRET));
    }

    @Test
    void aBrokenFileIsReportedWithoutQuotingIt() throws Exception {
        OciException notJson = assertThrows(OciException.class, () -> config("{\"auths\":{\"h\":{\"auth\":\"" + SECRET + "}}"));
        assertFalse(notJson.getMessage().contains(SECRET), notJson.getMessage());
        OciException notBase64 = assertThrows(OciException.class, () -> config(
                "{\"auths\":{\"h\":{\"auth\":\"" + SECRET + "!\"}}}").credentialsFor("h"));
        assertFalse(notBase64.getMessage().contains(SECRET), notBase64.getMessage());
        OciException noColon = assertThrows(OciException.class, () -> config(
                "{\"auths\":{\"h\":{\"auth\":\"" + auth(SECRET) + "\"}}}").credentialsFor("h"));
        assertFalse(noColon.getMessage().contains(SECRET), noColon.getMessage());
    }

    @Test
    void transportOptionsNeverShowThePassword() {
        TransportOptions options = TransportOptions.defaults().withCredentials(new Credentials("u", SECRET.toCharArray()));
        assertFalse(options.toString().contains(SECRET), options.toString());
    }
}
