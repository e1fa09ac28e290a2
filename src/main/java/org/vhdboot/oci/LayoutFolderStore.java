package org.vhdboot.oci;

import org.vhdboot.files.KeptFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A folder in OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/HEX}) on a local
 * disk or a share. Tags are {@code org.opencontainers.image.ref.name} annotations in {@code index.json}.
 * Every file is written under a temporary name, flushed and renamed into place, so a reader or a crash never
 * sees half a blob or half an index; temporaries are {@code .vhdboot-tmp-*} files at the top of the folder. Tag
 * updates take turns on {@value #INDEX_LOCK}, an empty file that stays: deleting a lock file lets a second writer
 * lock one that a third then no longer sees.
 * Blob paths come from validated digests only, never from the folder's content.
 */
public final class LayoutFolderStore implements ArtifactStore {
    static final String LAYOUT_FILE = "oci-layout";
    static final String INDEX_FILE = "index.json";
    static final String LAYOUT_VERSION = "1.0.0";
    static final String TEMPORARY_PREFIX = ".vhdboot-tmp-";
    static final String INDEX_LOCK = ".vhdboot-index.lock";
    private static final int COPY_BUFFER = 1 << 20;

    private final Path folder;

    private LayoutFolderStore(Path folder) {
        this.folder = folder;
    }

    public static LayoutFolderStore open(Path folder) {
        return new LayoutFolderStore(folder.toAbsolutePath().normalize());
    }

    @Override
    public String describe() {
        return OciReference.LAYOUT_SCHEME + folder;
    }

    Path blobPath(Digest digest) {
        return folder.resolve("blobs").resolve(Digest.ALGORITHM).resolve(digest.hex());
    }

    @Override
    public ResolvedManifest resolve(String tagOrDigest) throws IOException {
        Descriptor descriptor;
        if (tagOrDigest.startsWith(Digest.ALGORITHM + ":")) {
            Digest digest = Digest.parse(tagOrDigest);
            descriptor = Descriptor.of(ImageManifest.MEDIA_TYPE, digest, blobSize(digest).orElseThrow(() ->
                    notFound("manifest " + digest)));
        } else {
            descriptor = tagged(Tag.parse(tagOrDigest));
        }
        if (descriptor.size() > ImageManifest.MAX_BYTES) {
            throw new OciException(OciException.Kind.PROTOCOL, "the manifest " + descriptor.digest() + " in "
                    + describe() + " is larger than " + ImageManifest.MAX_BYTES + " bytes");
        }
        byte[] bytes = readVerified(descriptor);
        return new ResolvedManifest(descriptor.digest(), ImageManifest.parse(bytes), bytes.length);
    }

    private Descriptor tagged(Tag tag) throws IOException {
        ImageIndex index = readIndex();
        Descriptor found = null;
        for (Descriptor descriptor : index.manifests()) {
            if (tag.value().equals(descriptor.annotation(ImageIndex.REF_NAME))) {
                found = descriptor;
            }
        }
        if (found == null) {
            throw notFound("tag " + tag);
        }
        if (!ImageManifest.MEDIA_TYPE.equals(found.mediaType())) {
            throw new OciException(OciException.Kind.PROTOCOL, "tag " + tag + " in " + describe() + " names a "
                    + Printable.of(found.mediaType()) + ", not an OCI image manifest");
        }
        return found;
    }

    /** Reads and checks {@code oci-layout} and {@code index.json}. */
    ImageIndex readIndex() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new OciException(OciException.Kind.NOT_FOUND, "there is no image-layout folder " + folder
                    + " (" + describe() + ")");
        }
        byte[] layout = readBounded(folder.resolve(LAYOUT_FILE), 4096, "oci-layout");
        String version;
        try {
            com.fasterxml.jackson.databind.JsonNode root = OciJson.tree(layout);
            version = root == null ? "" : root.path("imageLayoutVersion").asText("");
        } catch (IOException e) {
            throw new OciException(OciException.Kind.PROTOCOL, describe() + " has an oci-layout file that is not"
                    + " valid JSON");
        }
        if (!version.equals(LAYOUT_VERSION)) {
            throw new OciException(OciException.Kind.UNSUPPORTED, describe() + " has image layout version "
                    + Printable.of(version) + "; " + LAYOUT_VERSION + " is supported");
        }
        return ImageIndex.parse(readBounded(folder.resolve(INDEX_FILE), ImageIndex.MAX_BYTES, INDEX_FILE));
    }

    private byte[] readBounded(Path file, int limit, String what) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // A pipe or a device planted on the share would block the read, or never end it.
            throw new OciException(OciException.Kind.PROTOCOL, what + " in " + describe() + " is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new OciException(OciException.Kind.PROTOCOL, what + " in " + describe() + " is larger than "
                        + limit + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new OciException(OciException.Kind.NOT_FOUND, describe() + " is not an OCI image layout: "
                    + what + " is missing");
        }
    }

    private byte[] readVerified(Descriptor descriptor) throws IOException {
        byte[] bytes;
        try {
            bytes = readBounded(blobPath(descriptor.digest()), (int) descriptor.size(), "blob " + descriptor.digest());
        } catch (OciException e) {
            throw e.kind() == OciException.Kind.NOT_FOUND ? notFound("blob " + descriptor.digest()) : e;
        }
        if (bytes.length != descriptor.size() || !Digest.of(bytes).equals(descriptor.digest())) {
            throw new OciException(OciException.Kind.INTEGRITY, "blob " + descriptor.digest() + " in " + describe()
                    + " does not match its digest or size");
        }
        return bytes;
    }

    @Override
    public Optional<Long> blobSize(Digest digest) throws IOException {
        Path blob = blobPath(digest);
        if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(Files.size(blob));
    }

    @Override
    public void fetchBlob(Descriptor blob, Path partFile, TransferListener listener, PartWriter writer) throws IOException {
        Path source = blobPath(blob.digest());
        if (Files.exists(source, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            // A pipe, a device or a link planted on the share: refused unread, and said as what it is.
            throw new OciException(OciException.Kind.PROTOCOL, "blob " + blob.digest() + " in " + describe()
                    + " is not a file");
        }
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw notFound("blob " + blob.digest());
        }
        try (PartFile part = PartFile.open(partFile, blob, writer);
             FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(COPY_BUFFER);
            long position = part.length();
            listener.progress(position, blob.size());
            while (!part.isComplete()) {
                buffer.clear().limit((int) Math.min(COPY_BUFFER, blob.size() - position));
                int read = in.read(buffer, position);
                if (read < 0) {
                    throw new OciException(OciException.Kind.INTEGRITY, "blob " + blob.digest() + " in " + describe()
                            + " is shorter than " + blob.size() + " bytes");
                }
                buffer.flip();
                part.append(buffer);
                position += read;
                listener.progress(position, blob.size());
            }
            part.finish();
        }
    }

    @Override
    public PushResult pushBlob(Descriptor blob, BlobSource source, Optional<RepositoryName> mountFrom,
                               TransferListener listener) throws IOException {
        // A layout that exists is checked before anything is sent; a new one is made only once a blob proved good,
        // so a push refused for its bytes leaves no empty layout behind.
        boolean exists = Files.exists(folder.resolve(LAYOUT_FILE));
        if (exists) {
            createIfMissing();
        } else {
            makeFolder(folder);
        }
        Optional<Long> present = blobSize(blob.digest());
        if (present.isPresent() && present.get() == blob.size()) {
            listener.progress(blob.size(), blob.size());
            return PushResult.ALREADY_PRESENT;
        }
        Path temporary = stage(blob, source, listener);
        if (!exists) {
            createIfMissing();
        }
        AtomicFiles.move(temporary, blobPath(blob.digest()));
        return PushResult.UPLOADED;
    }

    /** Writes the blob under a temporary name in the folder, durably, and returns it once it proved to be the blob. */
    private Path stage(Descriptor blob, BlobSource source, TransferListener listener) throws IOException {
        Path temporary = folder.resolve(TEMPORARY_PREFIX + blob.digest().hex());
        MessageDigest digest = Digest.newSha256();
        long written = 0;
        boolean ours = false;
        try (InputStream in = source.open(0, blob.size());
             FileChannel out = KeptFile.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (out.tryLock() == null) {
                throw new OciException(OciException.Kind.BUSY, "another transfer is writing blob " + blob.digest()
                        + " into " + describe());
            }
            ours = true;
            out.truncate(0);
            byte[] chunk = new byte[COPY_BUFFER];
            for (int read = in.read(chunk); read > 0; read = in.read(chunk)) {
                digest.update(chunk, 0, read);
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, read);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                written += read;
                listener.progress(written, blob.size());
            }
            out.force(true);
        } catch (IOException e) {
            if (!ours || e instanceof OciException) {
                throw e;
            }
            // A share that filled, say: a blob half written helps no later push, and holds the room the next one needs.
            Files.deleteIfExists(temporary);
            if (e.getClass() != IOException.class) {
                throw e;
            }
            throw new IOException("writing blob " + blob.digest() + " into " + describe() + " stopped: "
                    + e.getMessage() + "; nothing of it was kept", e);
        }
        if (written != blob.size() || !Digest.fromHash(digest.digest()).equals(blob.digest())) {
            Files.deleteIfExists(temporary);
            throw new OciException(OciException.Kind.INTEGRITY, "the source of blob " + blob.digest()
                    + " does not match its digest or size; nothing was stored");
        }
        return temporary;
    }

    @Override
    public Digest putManifest(ImageManifest manifest, Tag tag) throws IOException {
        byte[] bytes = manifest.toJson();
        Descriptor descriptor = manifest.descriptor();
        pushBlob(descriptor, BlobSource.of(bytes), Optional.empty(), TransferListener.NONE);
        try (FileChannel lockFile = KeptFile.open(folder.resolve(INDEX_LOCK),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            ImageIndex index = readIndex();
            List<Descriptor> manifests = new ArrayList<>();
            for (Descriptor existing : index.manifests()) {
                if (!tag.value().equals(existing.annotation(ImageIndex.REF_NAME))) {
                    manifests.add(existing);
                }
            }
            manifests.add(descriptor.withAnnotations(Map.of(ImageIndex.REF_NAME, tag.value())));
            ImageIndex updated = new ImageIndex(2, ImageIndex.MEDIA_TYPE, manifests, index.annotations());
            AtomicFiles.write(folder.resolve(INDEX_FILE), folder.resolve(TEMPORARY_PREFIX + INDEX_FILE), updated.toJson());
        }
        return descriptor.digest();
    }

    /** Makes an empty layout when the folder has none; an existing one is only checked. */
    private void createIfMissing() throws IOException {
        makeFolder(folder.resolve("blobs").resolve(Digest.ALGORITHM));
        Path layout = folder.resolve(LAYOUT_FILE);
        if (!Files.exists(layout)) {
            AtomicFiles.write(layout, folder.resolve(TEMPORARY_PREFIX + LAYOUT_FILE),
                    ("{\"imageLayoutVersion\":\"" + LAYOUT_VERSION + "\"}").getBytes(StandardCharsets.US_ASCII));
        }
        Path index = folder.resolve(INDEX_FILE);
        if (!Files.exists(index)) {
            AtomicFiles.write(index, folder.resolve(TEMPORARY_PREFIX + INDEX_FILE + ".new"), ImageIndex.empty().toJson());
        }
        readIndex();
    }

    private void makeFolder(Path path) throws IOException {
        try {
            Files.createDirectories(path);
        } catch (java.nio.file.FileSystemException e) {
            // Said as a local failure (exit 5): the file system's own exception would read as a missing image.
            throw new IOException("cannot make the image-layout folder " + folder + ": " + (e.getReason() != null
                    ? e.getReason() : e.getClass().getSimpleName()) + (e.getFile() != null ? " (" + e.getFile() + ")"
                    : ""), e);
        }
    }

    private OciException notFound(String what) {
        return new OciException(OciException.Kind.NOT_FOUND, what + " is not in " + describe());
    }
}
