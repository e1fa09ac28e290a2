package org.vhdboot.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

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
            throw new OciException(OciException.Kind.PROTOCOL, what + " is not valid: " + (e.getCause()
                    instanceof IllegalArgumentException ? firstLine(e.getCause()) : mismatch(e)));
        } catch (StreamConstraintsException e) {
            throw new OciException(OciException.Kind.PROTOCOL, what + " is not valid: " + limit(e));
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

    /** Where the document differs from what is expected, in its own terms rather than Jackson's. */
    private static String mismatch(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        // vhdboot's own refusal (a record's check, a digest's parse), wherever Jackson wrapped it.
        Throwable refusal = e;
        while (refusal.getCause() != null && !ownWords(refusal)) {
            refusal = refusal.getCause();
        }
        if (field.length() == 0) {
            return ownWords(refusal) ? firstLine(refusal) : "it is not a JSON object of the expected form";
        }
        String where = Printable.escaped(field.length() > 80 ? field.substring(0, 80) + "…" : field.toString());
        return ownWords(refusal) ? where + ": " + firstLine(refusal)
                : e instanceof MismatchedInputException ? where + " holds a value of the wrong kind, or none"
                : where + ": " + firstLine(e);
    }

    private static boolean ownWords(Throwable failure) {
        return failure instanceof IllegalArgumentException || failure instanceof OciException;
    }

    /** Which bound a hostile document passed: the nesting, or the length of a string or a number. */
    private static String limit(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        return message.contains("nesting depth") ? "it nests more than 32 levels deep"
                : message.contains("String value length") ? "it holds a string longer than 1 MiB"
                : message.contains("Number value length") ? "it holds a number longer than 32 digits"
                : "it is larger than vhdboot reads";
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
