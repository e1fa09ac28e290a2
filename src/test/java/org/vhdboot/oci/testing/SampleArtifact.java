package org.vhdboot.oci.testing;

import org.vhdboot.oci.ArtifactStore;
import org.vhdboot.oci.BlobSource;
import org.vhdboot.oci.Descriptor;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.ImageManifest;
import org.vhdboot.oci.LayerMediaType;
import org.vhdboot.oci.Tag;
import org.vhdboot.oci.TransferListener;
import org.vhdboot.oci.VersionArtifact;
import org.vhdboot.oci.VersionLayer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/** A chain of uncompressed random "layer files" and the vhdboot artifact that names them. */
public record SampleArtifact(List<Path> files, VersionArtifact artifact) {
    public static SampleArtifact create(Path folder, long seed, int... sizes) throws IOException {
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>();
        List<VersionLayer> layers = new ArrayList<>();
        UUID parent = null;
        for (int i = 0; i < sizes.length; i++) {
            byte[] content = new byte[sizes[i]];
            random.nextBytes(content);
            Path file = folder.resolve("layer-" + seed + "-" + i + ".vhdx");
            Files.write(file, content);
            files.add(file);
            Digest digest = Digest.of(content);
            UUID link = new UUID(random.nextLong(), random.nextLong());
            layers.add(new VersionLayer(LayerMediaType.VHDX, digest, content.length, "v" + (i + 1), "note " + i,
                    Instant.parse("2026-11-26T09:14:25Z").plusSeconds(i), 64L << 20, link, parent, digest,
                    content.length, "Win11-v" + (i + 1) + ".vhdx"));
            parent = link;
        }
        return new SampleArtifact(files, new VersionArtifact(layers, Instant.parse("2026-11-27T10:00:00Z")));
    }

    public Descriptor layer(int index) {
        return artifact.layers().get(index).toDescriptor();
    }

    /** Pushes the config, every layer and the manifest under {@code tag}. */
    public Digest pushTo(ArtifactStore store, String tag) throws IOException {
        store.pushBlob(VersionArtifact.EMPTY_CONFIG, BlobSource.of(VersionArtifact.EMPTY_CONTENT), Optional.empty(),
                TransferListener.NONE);
        for (int i = 0; i < files.size(); i++) {
            store.pushBlob(layer(i), BlobSource.of(files.get(i)), Optional.empty(), TransferListener.NONE);
        }
        ImageManifest manifest = artifact.toManifest();
        return store.putManifest(manifest, new Tag(tag));
    }
}
