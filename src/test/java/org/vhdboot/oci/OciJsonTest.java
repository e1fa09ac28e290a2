package org.vhdboot.oci;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A document that is not what the specs describe is named in their terms, never in the JSON library's. */
class OciJsonTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty object        | {}                                   | index.json is not valid: schemaVersion holds a value of the wrong kind, or none",
        "an array            | []                                   | index.json is not valid: it is not a JSON object of the expected form",
        "a string size       | {\"schemaVersion\": \"two\"}         | index.json is not valid: schemaVersion holds a value of the wrong kind, or none",
        "a manifest's null   | {\"schemaVersion\": 2, \"manifests\": [{\"mediaType\": \"a/b\", \"digest\": \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \"size\": null}]} | index.json is not valid: manifests[0].size holds a value of the wrong kind, or none",
        "a bad digest        | {\"schemaVersion\": 2, \"manifests\": [{\"mediaType\": \"a/b\", \"digest\": \"sha256:00\", \"size\": 2}]} | index.json is not valid: manifests[0].digest: not a sha256 digest: 'sha256:00'",
    })
    void aDocumentOfTheWrongShapeIsNamedByItsField(String what, String json, String expected) {
        OciException refused = assertThrows(OciException.class,
                () -> ImageIndex.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(OciException.Kind.PROTOCOL, refused.kind());
        assertEquals(expected, refused.getMessage(), what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "deep nesting | nest  | the manifest is not valid: it nests more than 32 levels deep",
        "long number  | digit | the manifest is not valid: it holds a number longer than 32 digits",
    })
    void aDocumentPastVhdbootsBoundsSaysWhichBound(String what, String kind, String expected) {
        String json = kind.equals("nest") ? "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}"
                : "{\"schemaVersion\": " + "9".repeat(40) + "}";
        OciException refused = assertThrows(OciException.class,
                () -> ImageManifest.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, refused.getMessage(), what);
    }
}
