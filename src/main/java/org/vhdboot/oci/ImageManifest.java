package org.vhdboot.oci;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * An OCI image manifest ({@code application/vnd.oci.image.manifest.v1+json}). {@link #toJson()} gives the
 * bytes that are pushed and digested; {@link #parse(byte[])} checks a fetched one.
 */
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "config", "layers", "annotations"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageManifest(int schemaVersion, String mediaType, String artifactType, Descriptor config,
                            List<Descriptor> layers, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {
    public static final String MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    /** Manifests are small; a registry answering more is refused (the distribution spec suggests 4 MiB). */
    public static final int MAX_BYTES = 4 << 20;
    static final int MAX_LAYERS = 1024;

    public ImageManifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("schemaVersion must be 2, not " + schemaVersion);
        }
        if (!MEDIA_TYPE.equals(mediaType)) {
            throw new IllegalArgumentException("mediaType must be " + MEDIA_TYPE + ", not " + Printable.of(mediaType));
        }
        if (artifactType != null) {
            Descriptor.requireMediaType(artifactType, "artifactType");
        }
        if (config == null) {
            throw new IllegalArgumentException("a manifest needs a config descriptor");
        }
        if (layers == null || layers.size() > MAX_LAYERS || layers.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("a manifest needs a list of at most " + MAX_LAYERS + " layers");
        }
        layers = List.copyOf(layers);
        annotations = Descriptor.checkedAnnotations(annotations);
    }

    public static ImageManifest of(String artifactType, Descriptor config, List<Descriptor> layers,
                                   Map<String, String> annotations) {
        return new ImageManifest(2, MEDIA_TYPE, artifactType, config, layers, annotations);
    }

    public static ImageManifest parse(byte[] json) throws OciException {
        if (json.length > MAX_BYTES) {
            throw new OciException(OciException.Kind.PROTOCOL, "the manifest is larger than " + MAX_BYTES + " bytes");
        }
        return OciJson.read(json, ImageManifest.class, "the manifest");
    }

    public byte[] toJson() {
        return OciJson.write(this);
    }

    /** The descriptor that names this manifest, for an index or a tag. */
    @JsonIgnore
    public Descriptor descriptor() {
        byte[] json = toJson();
        return new Descriptor(MEDIA_TYPE, artifactType, Digest.of(json), json.length, Map.of());
    }
}
