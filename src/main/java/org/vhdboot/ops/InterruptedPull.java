package org.vhdboot.ops;

import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.LastPull;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What an {@code image pull} that was killed or failed left in the layout folder for the next one: the downloads of
 * layer blobs it keeps, so that run resumes them with range requests. Seen by {@code status}, which changes nothing:
 * found by listing the folder, and only by names the layout's own pattern for downloads gives
 * ({@link VersionFiles#partName}) on plain files; none is opened.
 *
 * @param reference what to pull again: the last pull {@code [last_pull]} records, else the update policy's; null when
 *                  the ini records neither (a pull by hand records nothing)
 * @param running   a pull or push holds the layout's transfer lock right now, so the downloads may be under way
 * @param message   one line for people: what is held, and how to resume
 */
public record InterruptedPull(String reference, boolean running, List<Download> downloads, String message) {

    /**
     * One download.
     *
     * @param version      the version it is for: its name if the layout records it, else its name in lower case, as
     *                     the file carries it
     * @param recorded     the layout records the version already, so the download is left over, not needed
     * @param digestPrefix {@code sha256:} and the blob digest's first 16 hex digits, as the file name gives them
     * @param bytesHeld    bytes of the blob downloaded so far
     * @param blobSize     the blob's size, as the file name gives it
     */
    public record Download(String version, boolean recorded, String file, String digestPrefix, long bytesHeld,
                           long blobSize) {
    }

    public InterruptedPull {
        downloads = List.copyOf(downloads);
    }

    /** The downloads in {@code layout}'s folder, if any. */
    static Optional<InterruptedPull> find(Layout layout) throws IOException {
        List<Download> downloads = new ArrayList<>();
        try (Stream<Path> files = Files.list(layout.folder())) {
            for (Path file : files.sorted().toList()) {
                VersionFiles.partName(layout, file.getFileName().toString())
                        .flatMap(name -> download(layout, file, name)).ifPresent(downloads::add);
            }
        }
        if (downloads.isEmpty()) {
            return Optional.empty();
        }
        String reference = layout.lastPull().map(LastPull::reference)
                .or(() -> layout.pullPolicy().map(PullPolicy::reference)).orElse(null);
        boolean running = LayoutLock.heldByAnother(layout.folder(), ImagePullOperation.TRANSFER_LOCK);
        return Optional.of(new InterruptedPull(reference, running, downloads, describe(reference, running, downloads)));
    }

    private static Optional<Download> download(Layout layout, Path file, VersionFiles.PartName name) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException goneMeanwhile) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        Optional<TreeImage> recorded = layout.tree().findByName(ImageRef.Kind.VERSION, name.slug());
        return Optional.of(new Download(recorded.map(TreeImage::name).orElse(name.slug()), recorded.isPresent(),
                file.getFileName().toString(), "sha256:" + name.digestStart(), attributes.size(), name.blobSize()));
    }

    private static String describe(String reference, boolean running, List<Download> downloads) {
        if (running) {
            return "an `image pull` or `image push` is running on this layout right now; " + downloads.size()
                    + " download(s) of layer blobs are in the folder";
        }
        String pull = "`vhdboot image pull " + (reference == null ? "REF" : reference) + "`";
        List<String> parts = new ArrayList<>();
        for (Download download : downloads) {
            parts.add(download.recorded()
                    ? "version " + download.version() + " is recorded, and its download " + download.file() + " ("
                            + download.bytesHeld() + " bytes) is left over: delete it, or the next " + pull
                            + " removes it"
                    : "version " + download.version() + ": " + held(download) + " in " + download.file());
        }
        boolean resumable = downloads.stream().anyMatch(download -> !download.recorded());
        return (resumable ? "an interrupted pull left its downloads: " : "") + String.join("; ", parts)
                + (resumable ? "; run " + pull + " again to resume" + (reference == null
                        ? " (REF: the reference that pull was given)" : "") : "");
    }

    private static String held(Download download) {
        if (download.bytesHeld() > download.blobSize()) {
            return download.bytesHeld() + " bytes, more than the blob's " + download.blobSize()
                    + " (the next pull starts it over)";
        }
        long percent = download.blobSize() == 0 ? 100 : download.bytesHeld() * 100 / download.blobSize();
        return String.format(Locale.ROOT, "%d%% of the blob (%d of %d bytes)", percent, download.bytesHeld(),
                download.blobSize());
    }
}
