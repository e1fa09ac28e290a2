package org.vhdboot.oci;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One version of a golden image as a layer of a vhdboot artifact: the blob (maybe compressed) and what the
 * annotations say about the image file inside it. {@code parentLinkId} is null for the base parent.
 * {@code fileName} is only a hint for people and other tools: vhdboot never uses it as a path.
 */
public record VersionLayer(LayerMediaType mediaType, Digest digest, long size, String name, String note,
                           Instant created, long virtualSize, UUID linkId, UUID parentLinkId,
                           Digest uncompressedDigest, long uncompressedSize, String fileName) {
    public static final String NAME = "org.vhdboot.version.name";
    public static final String NOTE = "org.vhdboot.version.note";
    public static final String CREATED = "org.vhdboot.version.created";
    public static final String FORMAT = "org.vhdboot.layer.format";
    public static final String VIRTUAL_SIZE = "org.vhdboot.layer.virtual-size";
    public static final String LINK_ID = "org.vhdboot.layer.link-id";
    public static final String PARENT_LINK_ID = "org.vhdboot.layer.parent-link-id";
    public static final String UNCOMPRESSED_DIGEST = "org.vhdboot.layer.uncompressed-digest";
    public static final String UNCOMPRESSED_SIZE = "org.vhdboot.layer.uncompressed-size";
    public static final String TITLE = "org.opencontainers.image.title";

    private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._ -]{0,127}");
    public static final int MAX_NOTE = 1024;

    /**
     * {@code text} as a published note: one line of at most {@value #MAX_NOTE} characters, control characters and
     * bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) made spaces, as the latter would show the
     * note's text, and what follows it on a terminal, reordered.
     */
    public static String noteOf(String text) {
        StringBuilder note = new StringBuilder(Math.min(text.length(), MAX_NOTE));
        for (int i = 0; i < text.length() && note.length() < MAX_NOTE; i++) {
            char c = text.charAt(i);
            note.append(Printable.needsEscape(c) ? ' ' : c);
        }
        boolean cut = note.length() < text.length();
        if (cut && note.length() > 0 && Character.isHighSurrogate(note.charAt(note.length() - 1))) {
            note.setLength(note.length() - 1); // the cut fell inside a character
        }
        return note.toString();
    }

    public VersionLayer {
        if (mediaType == null || digest == null || created == null || linkId == null || uncompressedDigest == null) {
            throw new IllegalArgumentException("a version layer needs a media type, digests, a creation time and a link id");
        }
        if (name == null || !VERSION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a version name: " + Printable.of(name));
        }
        if (note == null || !note.equals(noteOf(note))) {
            throw new IllegalArgumentException("a note is one line of at most " + MAX_NOTE + " characters, with no"
                    + " control or bidirectional formatting character");
        }
        if (fileName != null && !FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("not a plain file name: " + Printable.of(fileName));
        }
        for (long value : new long[] {size, virtualSize, uncompressedSize}) {
            if (value < 0 || value > Descriptor.MAX_SIZE) {
                throw new IllegalArgumentException("a size is out of range: " + value);
            }
        }
        if (mediaType.compression() == LayerCompression.NONE
                && (size != uncompressedSize || !digest.equals(uncompressedDigest))) {
            throw new IllegalArgumentException("an uncompressed layer's blob must be its file");
        }
    }

    public boolean isBase() {
        return parentLinkId == null;
    }

    public Descriptor toDescriptor() {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(NAME, name);
        annotations.put(NOTE, note);
        annotations.put(CREATED, created.toString());
        annotations.put(FORMAT, mediaType.format());
        annotations.put(VIRTUAL_SIZE, Long.toString(virtualSize));
        annotations.put(LINK_ID, linkId.toString());
        if (parentLinkId != null) {
            annotations.put(PARENT_LINK_ID, parentLinkId.toString());
        }
        annotations.put(UNCOMPRESSED_DIGEST, uncompressedDigest.toString());
        annotations.put(UNCOMPRESSED_SIZE, Long.toString(uncompressedSize));
        if (fileName != null) {
            annotations.put(TITLE, fileName);
        }
        return new Descriptor(mediaType.value(), null, digest, size, annotations);
    }

    /** Reads a layer descriptor of a fetched manifest; anything missing or malformed is a PROTOCOL error. */
    public static VersionLayer fromDescriptor(Descriptor descriptor) throws OciException {
        LayerMediaType mediaType = LayerMediaType.parse(descriptor.mediaType());
        try {
            String format = required(descriptor, FORMAT);
            if (!format.equals(mediaType.format())) {
                throw new IllegalArgumentException(FORMAT + " " + Printable.of(format) + " disagrees with the media type");
            }
            String parent = descriptor.annotation(PARENT_LINK_ID);
            return new VersionLayer(mediaType, descriptor.digest(), descriptor.size(), required(descriptor, NAME),
                    descriptor.annotations().getOrDefault(NOTE, ""), Rfc3339Time.parse(required(descriptor, CREATED)),
                    number(descriptor, VIRTUAL_SIZE), uuid(required(descriptor, LINK_ID)),
                    parent == null ? null : uuid(parent), digest(required(descriptor, UNCOMPRESSED_DIGEST)),
                    number(descriptor, UNCOMPRESSED_SIZE), descriptor.annotation(TITLE));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new OciException(OciException.Kind.PROTOCOL, "layer " + descriptor.digest() + " is not a vhdboot version: "
                    + e.getMessage());
        }
    }

    private static String required(Descriptor descriptor, String key) {
        String value = descriptor.annotation(key);
        if (value == null) {
            throw new IllegalArgumentException("the annotation " + key + " is missing");
        }
        return value;
    }

    private static long number(Descriptor descriptor, String key) {
        String value = required(descriptor, key);
        if (!value.matches("[0-9]{1,16}")) {
            throw new IllegalArgumentException(key + " is not a size: " + Printable.of(value));
        }
        return Long.parseLong(value);
    }

    /** A malformed digest here is the image's fault, not the command line's: never INVALID_REFERENCE (exit 2). */
    private static Digest digest(String value) throws OciException {
        try {
            return Digest.parse(value);
        } catch (OciException e) {
            if (e.kind() == OciException.Kind.INVALID_REFERENCE) {
                throw new IllegalArgumentException(UNCOMPRESSED_DIGEST + " is not a digest: " + Printable.of(value));
            }
            throw e;
        }
    }

    private static UUID uuid(String value) {
        if (!value.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw new IllegalArgumentException("not a lower-case GUID: " + Printable.of(value));
        }
        return UUID.fromString(value);
    }
}
