package org.vhdboot.layout;

import org.vhdboot.oci.Descriptor;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.oci.LayerMediaType;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.VersionLayer;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a version was published as: the blob {@code image push} last made of it, or the blob {@code image pull} fetched
 * it from. With it a push asks the target for the blob before compressing the file again. It holds the file whose
 * SHA-256 is {@code fileSha256} (this version's file, or for a pulled one its file as published), so it describes the
 * version only while the version records that SHA-256 ({@link #describes}); otherwise it is stale and ignored.
 * Kept in the version's section of {@code vhdboot.ini}, all five keys or none, each read strictly.
 */
public record PublishedBlob(Digest blob, long blobSize, LayerMediaType mediaType, String fileSha256, long fileSize) {
    static final String BLOB = "published_blob";
    static final String BLOB_SIZE = "published_blob_size";
    static final String MEDIA_TYPE = "published_media_type";
    static final String FILE_SHA256 = "published_sha256";
    static final String FILE_SIZE = "published_file_size";
    private static final List<String> KEYS = List.of(BLOB, BLOB_SIZE, MEDIA_TYPE, FILE_SHA256, FILE_SIZE);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,16}");

    public PublishedBlob {
        if (blob == null || mediaType == null || fileSha256 == null || !SHA256.matcher(fileSha256).matches()) {
            throw new IllegalArgumentException("a published blob needs its digest, media type and file SHA-256");
        }
        if (blobSize < 0 || blobSize > Descriptor.MAX_SIZE || fileSize < 0 || fileSize > Descriptor.MAX_SIZE) {
            throw new IllegalArgumentException("a size is out of range");
        }
        if (mediaType.compression() == LayerCompression.NONE
                && (blobSize != fileSize || !blob.hex().equals(fileSha256))) {
            throw new IllegalArgumentException("an uncompressed blob is its file");
        }
    }

    /** The blob a layer of a pulled image is. */
    public static PublishedBlob of(VersionLayer layer) {
        return new PublishedBlob(layer.digest(), layer.size(), layer.mediaType(), layer.uncompressedDigest().hex(),
                layer.uncompressedSize());
    }

    /** Whether it still describes {@code version}: the file it holds is the version's, now or as published. */
    public boolean describes(TreeImage version) {
        return version.hasSha256(fileSha256);
    }

    /**
     * The record in {@code settings}, checked: every key present or none, the blob of the layout's format
     * ({@code extension}).
     */
    public static Optional<PublishedBlob> read(LayoutSettings settings, String extension) throws LayoutException {
        List<String> present = KEYS.stream().filter(key -> settings.text(key).isPresent()).toList();
        if (present.isEmpty()) {
            return Optional.empty();
        }
        for (String key : KEYS) {
            if (!present.contains(key)) {
                throw settings.invalid(present.get(0), "is set without " + key + "; vhdboot writes all "
                        + KEYS.size() + " published_ keys or none");
            }
        }
        Digest blob = settings.parse(BLOB, PublishedBlob::digest, "is not sha256: and 64 hex digits").orElseThrow();
        LayerMediaType mediaType = settings.parse(MEDIA_TYPE, text -> mediaType(text, extension),
                "is not a vhdboot layer media type of this layout's format").orElseThrow();
        String sha256 = settings.parse(FILE_SHA256, PublishedBlob::sha256, "is not a SHA-256 in hex").orElseThrow();
        long blobSize = settings.parse(BLOB_SIZE, PublishedBlob::size, "is not a size in bytes").orElseThrow();
        long fileSize = settings.parse(FILE_SIZE, PublishedBlob::size, "is not a size in bytes").orElseThrow();
        try {
            return Optional.of(new PublishedBlob(blob, blobSize, mediaType, sha256, fileSize));
        } catch (IllegalArgumentException e) {
            throw settings.invalid(BLOB, "does not agree with the other published_ keys: " + e.getMessage());
        }
    }

    /** Its keys, in the order {@link #read} names them. */
    public void write(LayoutText.Writer text) {
        text.put(BLOB, blob.toString())
                .put(BLOB_SIZE, Long.toString(blobSize))
                .put(MEDIA_TYPE, mediaType.value())
                .put(FILE_SHA256, fileSha256)
                .put(FILE_SIZE, Long.toString(fileSize));
    }

    private static Digest digest(String text) {
        if (!text.startsWith(Digest.ALGORITHM + ":")) {
            throw new IllegalArgumentException(text);
        }
        return new Digest(sha256(text.substring(Digest.ALGORITHM.length() + 1)));
    }

    private static LayerMediaType mediaType(String text, String extension) {
        try {
            LayerMediaType type = LayerMediaType.parse(text);
            if (!type.format().equals(extension)) {
                throw new IllegalArgumentException(text);
            }
            return type;
        } catch (OciException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static String sha256(String text) {
        if (!SHA256.matcher(text).matches()) {
            throw new IllegalArgumentException(text);
        }
        return text;
    }

    private static long size(String text) {
        if (!SIZE.matcher(text).matches() || Long.parseLong(text) > Descriptor.MAX_SIZE) {
            throw new IllegalArgumentException(text);
        }
        return Long.parseLong(text);
    }
}
