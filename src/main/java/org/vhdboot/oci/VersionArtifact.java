package org.vhdboot.oci;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A vhdboot image as an OCI artifact: the chain of versions from the base parent up to the tagged version, one
 * layer each, base first. The config is the OCI empty descriptor, as the image spec asks of artifacts.
 */
public record VersionArtifact(List<VersionLayer> layers, Instant created) {
    public static final String ARTIFACT_TYPE = "application/vnd.vhdboot.image.v1+json";
    public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    public static final byte[] EMPTY_CONTENT = "{}".getBytes(StandardCharsets.US_ASCII);
    public static final Descriptor EMPTY_CONFIG = Descriptor.of(EMPTY_MEDIA_TYPE, Digest.of(EMPTY_CONTENT), 2);
    public static final String VERSION = "org.vhdboot.image.version";
    public static final String CREATED = "org.opencontainers.image.created";

    public VersionArtifact {
        if (layers == null || layers.isEmpty() || created == null) {
            throw new IllegalArgumentException("an artifact needs at least one version and a creation time");
        }
        layers = List.copyOf(layers);
        checkChain(layers);
    }

    /** The tagged version: the top of the chain. */
    public VersionLayer top() {
        return layers.get(layers.size() - 1);
    }

    public ImageManifest toManifest() {
        List<Descriptor> descriptors = new ArrayList<>();
        for (VersionLayer layer : layers) {
            descriptors.add(layer.toDescriptor());
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(VERSION, top().name());
        annotations.put(CREATED, created.toString());
        return ImageManifest.of(ARTIFACT_TYPE, EMPTY_CONFIG, descriptors, annotations);
    }

    /** Reads a fetched manifest as a vhdboot artifact; another artifact, or a broken chain, is refused. */
    public static VersionArtifact fromManifest(ImageManifest manifest) throws OciException {
        if (!ARTIFACT_TYPE.equals(manifest.artifactType())) {
            throw new OciException(OciException.Kind.PROTOCOL, "not a vhdboot image: artifactType "
                    + Printable.of(manifest.artifactType()) + ", expected " + ARTIFACT_TYPE);
        }
        List<VersionLayer> layers = new ArrayList<>();
        for (Descriptor descriptor : manifest.layers()) {
            layers.add(VersionLayer.fromDescriptor(descriptor));
        }
        try {
            String created = manifest.annotations().get(CREATED);
            return new VersionArtifact(layers, created == null ? layers.get(layers.size() - 1).created()
                    : Rfc3339Time.parse(created));
        } catch (RuntimeException e) {
            throw new OciException(OciException.Kind.PROTOCOL, "not a vhdboot image: " + e.getMessage());
        }
    }

    /**
     * Base first, each linking to the one below; a link id twice would be a layer on itself or a cycle, and a blob
     * twice two versions in one file, which no version file can be (each holds its own identity).
     */
    private static void checkChain(List<VersionLayer> layers) {
        Set<UUID> linkIds = new HashSet<>();
        Set<Digest> blobs = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            VersionLayer layer = layers.get(i);
            if (!linkIds.add(layer.linkId())) {
                throw new IllegalArgumentException("layer " + layer.name() + " has the link id of a layer below it");
            }
            if (!blobs.add(layer.digest())) {
                throw new IllegalArgumentException("layer " + layer.name() + " is the blob " + layer.digest()
                        + " of a layer below it");
            }
            if (i == 0 && !layer.isBase()) {
                throw new IllegalArgumentException("the first layer must be a base parent (no parent link)");
            }
            if (i > 0 && !layers.get(i - 1).linkId().equals(layer.parentLinkId())) {
                throw new IllegalArgumentException("layer " + layer.name() + " does not link to the layer below it");
            }
        }
    }
}
