package org.vhdboot.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An OCI content descriptor: what a blob or manifest is, its digest and size, and its annotations. Checked on
 * construction, so a hostile document never yields a descriptor with a negative size or a malformed media type.
 */
@JsonPropertyOrder({"mediaType", "artifactType", "digest", "size", "annotations"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Descriptor(String mediaType, String artifactType, Digest digest, long size,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {
    /** RFC 6838 type/subtype, as the image spec requires. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
    /** Far above any disk image (VHDX stops at 64 TiB), far below overflow. */
    public static final long MAX_SIZE = 1L << 50;
    static final int MAX_ANNOTATIONS = 256;

    public Descriptor {
        requireMediaType(mediaType, "mediaType");
        if (artifactType != null) {
            requireMediaType(artifactType, "artifactType");
        }
        if (digest == null) {
            throw new IllegalArgumentException("a descriptor needs a digest");
        }
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("descriptor size out of range: " + size);
        }
        annotations = checkedAnnotations(annotations);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, null, digest, size, Map.of());
    }

    public Descriptor withAnnotations(Map<String, String> added) {
        Map<String, String> merged = new TreeMap<>(annotations);
        merged.putAll(added);
        return new Descriptor(mediaType, artifactType, digest, size, merged);
    }

    /** An annotation's value, or null. */
    public String annotation(String key) {
        return annotations.get(key);
    }

    static void requireMediaType(String value, String field) {
        if (value == null || !MEDIA_TYPE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " is not a media type: " + Printable.of(value));
        }
    }

    static Map<String, String> checkedAnnotations(Map<String, String> annotations) {
        if (annotations == null) {
            return Map.of();
        }
        if (annotations.size() > MAX_ANNOTATIONS) {
            throw new IllegalArgumentException("more than " + MAX_ANNOTATIONS + " annotations");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        annotations.forEach((key, value) -> {
            if (key == null || key.isEmpty() || value == null) {
                throw new IllegalArgumentException("an annotation has an empty key or a null value");
            }
            copy.put(key, value);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }
}
