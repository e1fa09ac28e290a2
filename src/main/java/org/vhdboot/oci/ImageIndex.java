package org.vhdboot.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/** An OCI image index, as a layout folder's {@code index.json} holds it. */
@JsonPropertyOrder({"schemaVersion", "mediaType", "manifests", "annotations"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageIndex(int schemaVersion, String mediaType, List<Descriptor> manifests,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {
    public static final String MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    /** The annotation an image layout names a tag with. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final int MAX_BYTES = 16 << 20;
    static final int MAX_MANIFESTS = 100_000;

    public ImageIndex {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("schemaVersion must be 2, not " + schemaVersion);
        }
        // The layout spec lets index.json omit mediaType; when present it must be the index's.
        if (mediaType != null && !MEDIA_TYPE.equals(mediaType)) {
            throw new IllegalArgumentException("mediaType must be " + MEDIA_TYPE + ", not " + Printable.of(mediaType));
        }
        if (manifests == null || manifests.size() > MAX_MANIFESTS || manifests.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("an index needs a list of at most " + MAX_MANIFESTS + " manifests");
        }
        manifests = List.copyOf(manifests);
        annotations = Descriptor.checkedAnnotations(annotations);
    }

    public static ImageIndex empty() {
        return new ImageIndex(2, MEDIA_TYPE, List.of(), Map.of());
    }

    public static ImageIndex parse(byte[] json) throws OciException {
        if (json.length > MAX_BYTES) {
            throw new OciException(OciException.Kind.PROTOCOL, "index.json is larger than " + MAX_BYTES + " bytes");
        }
        return OciJson.read(json, ImageIndex.class, "index.json");
    }

    public byte[] toJson() {
        return OciJson.write(this);
    }
}
