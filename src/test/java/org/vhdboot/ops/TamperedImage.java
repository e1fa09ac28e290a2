package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vhdboot.oci.Digest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * An attacker's edit of an image pushed into an image-layout folder: the manifest a tag names, changed as JSON and
 * stored as a new blob under a new tag, as someone who can write to the share would leave it.
 */
final class TamperedImage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    private TamperedImage() {
    }

    /** Stores the manifest {@code from} names in {@code share}, with {@code edit} applied, as {@code tag}. */
    static String tag(Path share, String from, String tag, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode index = (ObjectNode) JSON.readTree(share.resolve("index.json").toFile());
        JsonNode tagged = null;
        for (JsonNode entry : index.path("manifests")) {
            if (from.equals(entry.path("annotations").path(REF_NAME).asText())) {
                tagged = entry;
            }
        }
        ObjectNode manifest = (ObjectNode) JSON.readTree(share.resolve("blobs/sha256")
                .resolve(tagged.path("digest").asText().substring("sha256:".length())).toFile());
        edit.accept(manifest);
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        Digest digest = putBlob(share, bytes);
        ObjectNode entry = ((ObjectNode) tagged).deepCopy();
        entry.put("digest", digest.toString());
        entry.put("size", bytes.length);
        ((ObjectNode) entry.path("annotations")).put(REF_NAME, tag);
        ((ArrayNode) index.path("manifests")).add(entry);
        Files.write(share.resolve("index.json"), JSON.writeValueAsBytes(index));
        return "oci-layout:" + share + ":" + tag;
    }

    static Digest putBlob(Path share, byte[] bytes) throws Exception {
        Digest digest = Digest.of(bytes);
        Files.write(share.resolve("blobs/sha256").resolve(digest.hex()), bytes);
        return digest;
    }

    static ObjectNode layer(ObjectNode manifest, int index) {
        return (ObjectNode) manifest.path("layers").path(index);
    }

    static ObjectNode annotations(ObjectNode manifest, int index) {
        return (ObjectNode) layer(manifest, index).path("annotations");
    }

    static Consumer<ObjectNode> annotation(int layer, String key, String value) {
        return manifest -> annotations(manifest, layer).put(key, value);
    }
}
