package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.oci.ArtifactStore;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.VersionArtifact;
import org.vhdboot.oci.VersionLayer;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vhdboot image inspect REF}: the published image's versions and sizes, and, given a layout, what a pull
 * would bring into it. Changes nothing, here or in the registry; the layout's versions are matched by the same rule
 * as a pull's, except that a version whose SHA-256 the layout has not recorded is matched by its identity alone.
 */
public final class ImageInspectOperation {
    /**
     * One version of the image, base first.
     *
     * @param status with a layout: {@code present} (as {@code local_version}), {@code pull}; null without one
     */
    public record Version(String name, String note, Instant created, String format, String mediaType, String digest,
                          long blobSize, long uncompressedSize, long virtualSize, String linkId, String parentLinkId,
                          String status, String localVersion) {
    }

    /**
     * @param layout        the layout compared with, or null
     * @param bytesToPull   blob bytes a pull into the layout would download (null without a layout, or when refused)
     * @param refused       why a pull into the layout would be refused, or null
     */
    public record Report(String reference, String digest, Instant created, String top, List<Version> versions,
                         String layout, Long bytesToPull, String refused) {
    }

    private final OperationContext context;

    public ImageInspectOperation(OperationContext context) {
        this.context = context;
    }

    public Report run(String referenceText, RegistryAccess access, Optional<Layout> layout) throws IOException {
        OciReference reference = OciReference.parse(referenceText);
        try (ArtifactStore store = access.open(reference, context.outside())) {
            ArtifactStore.ResolvedManifest resolved = store.resolve(reference.target());
            VersionArtifact artifact = VersionArtifact.fromManifest(resolved.manifest());
            Optional<PullPlan> plan = layout.isPresent()
                    ? Optional.of(PullPlan.of(context, layout.get(), artifact, Optional.empty())) : Optional.empty();
            List<Version> versions = new ArrayList<>();
            for (int i = 0; i < artifact.layers().size(); i++) {
                VersionLayer layer = artifact.layers().get(i);
                int index = i;
                // A refused plan stops at the layer it refuses.
                Optional<PullPlan.Step> step = plan.filter(p -> p.steps().size() > index)
                        .map(p -> p.steps().get(index));
                versions.add(new Version(layer.name(), layer.note(), layer.created(), layer.mediaType().format(),
                        layer.mediaType().value(), layer.digest().toString(), layer.size(), layer.uncompressedSize(),
                        layer.virtualSize(), layer.linkId().toString(),
                        layer.parentLinkId() == null ? null : layer.parentLinkId().toString(),
                        step.map(s -> s.status() == PullPlan.Status.PRESENT ? "present" : "pull").orElse(null),
                        step.map(s -> s.version().name()).orElse(null)));
            }
            return new Report(reference.toString(), resolved.digest().toString(), artifact.created(),
                    artifact.top().name(), versions, layout.map(l -> l.iniPath().toString()).orElse(null),
                    plan.filter(p -> p.refusal().isEmpty()).map(PullPlan::bytesToFetch).orElse(null),
                    plan.flatMap(PullPlan::refusal).map(PullPlan.Refusal::message).orElse(null));
        }
    }
}
