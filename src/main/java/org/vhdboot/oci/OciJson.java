package org.vhdboot.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;

/**
 * The one JSON mapper of the package: bounded nesting and string sizes for hostile documents, unknown fields
 * ignored (the specs let documents grow), output deterministic so a manifest's bytes, and so its digest, are
 * stable.
 */
final class OciJson {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32).maxStringLength(1 << 20).maxNumberLength(32).build())
            // A key given twice is read as the last by some tools and the first by others: refused, so vhdboot
            // never records a version other readers see otherwise.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private OciJson() {
    }

    /** Reads {@code bytes} as a {@code type}; any failure is a PROTOCOL error naming {@code what}. */
    static <T> T read(byte[] bytes, Class<T> type, String what) throws OciException {
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new OciException(OciException.Kind.PROTOCOL, what + " is not valid: null");
            }
            return value;
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new OciException(OciException.Kind.PROTOCOL, what + " is not valid: " + firstLine(cause));
        } catch (JsonProcessingException e) {
            throw new OciException(OciException.Kind.PROTOCOL, what + " is not valid JSON: " + firstLine(e));
        } catch (IOException e) {
            throw new OciException(OciException.Kind.PROTOCOL, what + " cannot be read: " + firstLine(e));
        }
    }

    /** Reads a JSON tree; the caller words the failure (a credentials file must not echo its content). */
    static com.fasterxml.jackson.databind.JsonNode tree(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String firstLine(Throwable failure) {
        String message = failure instanceof JsonProcessingException
                ? ((JsonProcessingException) failure).getOriginalMessage() : failure.getMessage();
        if (message == null) {
            return failure.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson quotes the document's own text (a string it could not convert): a registry's control characters
        // must not reach a terminal, vhdboot.log or the Event Log.
        return Printable.escaped(line.length() > 160 ? line.substring(0, 160) + "…" : line);
    }
}
