package org.vhdboot.oci;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A repository in an OCI registry, through the distribution API. */
public final class RegistryStore implements ArtifactStore {
    private static final long MIN_PROGRESS = 1 << 20;
    /** Network buffers (up to 256 KiB each, see RegistryHttp) waiting to be written: bounds a download's memory. */
    private static final int IN_FLIGHT = 16;
    private static final String ACCEPT = ImageManifest.MEDIA_TYPE + ", " + ImageIndex.MEDIA_TYPE;

    private final RegistryReference reference;
    private final RegistryHttp http;
    private final Set<String> pull;
    private final Set<String> push;

    public RegistryStore(RegistryReference reference, TransportOptions options) throws OciException {
        this.reference = reference;
        this.http = new RegistryHttp(reference, options);
        this.pull = Set.of("repository:" + reference.repository() + ":pull");
        this.push = Set.of("repository:" + reference.repository() + ":pull,push");
    }

    @Override
    public String describe() {
        return OciReference.REGISTRY_SCHEME + reference.authority() + "/" + reference.repository();
    }

    URI uri(String kind, String target) {
        return http.resolve("/v2/" + reference.repository() + "/" + kind + "/" + target);
    }

    @Override
    public ResolvedManifest resolve(String tagOrDigest) throws IOException {
        Digest pinned = tagOrDigest.startsWith(Digest.ALGORITHM + ":") ? Digest.parse(tagOrDigest) : null;
        String target = pinned != null ? pinned.toString() : Tag.parse(tagOrDigest).value();
        HttpResponse<BodyStream> response = http.send(RegistryHttp.Call.get(uri("manifests", target),
                Map.of("Accept", ACCEPT), pull));
        if (response.statusCode() == 404) {
            // Said as an image-layout folder says it; the registry's own words (MANIFEST_UNKNOWN, …) follow.
            throw http.error(response, (pinned != null ? "manifest " : "tag ") + target + " is not in " + describe());
        }
        if (response.statusCode() != 200) {
            throw http.error(response, "manifest " + target + " of " + describe());
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String headerDigest = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        byte[] bytes;
        try (BodyStream body = response.body()) {
            bytes = body.readAll(ImageManifest.MAX_BYTES, "the manifest " + target);
        } catch (OciException e) {
            throw e;
        } catch (IOException e) {
            throw http.unreachable(e);
        }
        Digest actual = Digest.of(bytes);
        if ((pinned != null && !pinned.equals(actual)) || (headerDigest != null && !headerDigest.equals(actual.toString()))) {
            throw new OciException(OciException.Kind.INTEGRITY, "manifest " + target + " of " + describe()
                    + " does not match its digest (got " + actual + ")");
        }
        String mediaType = contentType.split(";", 2)[0].trim();
        if (!mediaType.equals(ImageManifest.MEDIA_TYPE)) {
            throw new OciException(OciException.Kind.PROTOCOL, target + " of " + describe() + " is a "
                    + Printable.of(mediaType) + ", not an OCI image manifest");
        }
        return new ResolvedManifest(actual, ImageManifest.parse(bytes), bytes.length);
    }

    @Override
    public Optional<Long> blobSize(Digest digest) throws IOException {
        HttpResponse<BodyStream> response = http.send(new RegistryHttp.Call("HEAD", uri("blobs", digest.toString()),
                Map.of(), java.net.http.HttpRequest.BodyPublishers::noBody, pull, true));
        response.body().close();
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw http.error(response, "blob " + digest + " of " + describe());
        }
        return Optional.of(response.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public void fetchBlob(Descriptor blob, Path partFile, TransferListener listener, PartWriter writer) throws IOException {
        RetryPolicy retry = http.options().retry();
        try (PartFile part = PartFile.open(partFile, blob, writer)) {
            listener.progress(part.length(), blob.size());
            int failures = 0;
            while (!part.isComplete()) {
                long before = part.length();
                try {
                    downloadFrom(part, blob, listener);
                } catch (ConnectionDropped e) {
                    // Only real progress earns a fresh set of attempts, so a server that drips a byte per
                    // connection cannot keep the download going forever.
                    failures = part.length() - before >= MIN_PROGRESS ? 1 : failures + 1;
                    if (failures >= retry.maxAttempts()) {
                        throw http.unreachable(e.cause());
                    }
                    http.pause(http.authority() + ": the download broke off after " + part.length() + " of "
                            + blob.size() + " bytes", failures, retry.delay(failures, null));
                }
            }
            part.finish();
        }
    }

    /** One GET from the part's length on; a broken body is a {@link ConnectionDropped}. */
    private void downloadFrom(PartFile part, Descriptor blob, TransferListener listener) throws IOException {
        long offset = part.length();
        Map<String, String> headers = offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
        HttpResponse<BodyStream> response = http.send(RegistryHttp.Call.get(uri("blobs", blob.digest().toString()),
                headers, pull));
        int status = response.statusCode();
        if (status == 416 || status == 206 && !rangeStartsAt(response, offset)) {
            // The part may hold more than the registry does now, or the server ignores ranges: start over.
            response.body().close();
            part.restart();
            throw new ConnectionDropped(new IOException("the registry answered the range request with HTTP " + status));
        }
        if (status == 200 && offset > 0) {
            part.restart();
        }
        if (status != 200 && status != 206) {
            throw http.error(response, "blob " + blob.digest() + " of " + describe());
        }
        stream(response.body(), part, blob, listener);
        if (!part.isComplete()) {
            throw new ConnectionDropped(new IOException("the body ended after " + part.length() + " of "
                    + blob.size() + " bytes"));
        }
    }

    /**
     * Hashes the body into the part on this thread while the handoff's thread writes it, so the two and the next read
     * run at once; a broken body is a {@link ConnectionDropped}, with what arrived before it written.
     */
    private static void stream(BodyStream body, PartFile part, Descriptor blob, TransferListener listener)
            throws IOException {
        try (body;
             BufferHandoff writes = new BufferHandoff("vhdboot-blob-writer", IN_FLIGHT, data -> {
                 part.write(data);
                 body.release(data);
                 listener.progress(part.length(), blob.size());
             })) {
            while (true) {
                ByteBuffer buffer;
                try {
                    buffer = body.next();
                } catch (IOException e) {
                    writes.finish();
                    throw new ConnectionDropped(e);
                }
                if (buffer == null) {
                    break;
                }
                if (part.overflows(buffer.remaining())) {
                    writes.finish(); // the writer stops before the part is deleted
                }
                part.hash(buffer);
                writes.put(buffer);
            }
            writes.finish();
        }
    }

    private static boolean rangeStartsAt(HttpResponse<?> response, long offset) {
        String range = response.headers().firstValue("Content-Range").orElse("");
        return range.startsWith("bytes " + offset + "-");
    }

    @Override
    public PushResult pushBlob(Descriptor blob, BlobSource source, Optional<RepositoryName> mountFrom,
                               TransferListener listener) throws IOException {
        if (blobSize(blob.digest()).isPresent()) {
            listener.progress(blob.size(), blob.size());
            return PushResult.ALREADY_PRESENT;
        }
        return new BlobUpload(http, reference.repository(), describe()).push(blob, source, mountFrom, listener);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public boolean mountBlob(Descriptor blob, RepositoryName from) throws IOException {
        return new BlobUpload(http, reference.repository(), describe()).mount(blob, from);
    }

    @Override
    public Digest putManifest(ImageManifest manifest, Tag tag) throws IOException {
        byte[] bytes = manifest.toJson();
        Digest digest = Digest.of(bytes);
        HttpResponse<BodyStream> response = http.send(new RegistryHttp.Call("PUT", uri("manifests", tag.value()),
                Map.of("Content-Type", ImageManifest.MEDIA_TYPE),
                () -> java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes), push, true));
        if (response.statusCode() != 201) {
            throw http.error(response, "storing the manifest as " + tag + " in " + describe());
        }
        response.body().close();
        String stored = response.headers().firstValue("Docker-Content-Digest").orElse(digest.toString());
        if (!stored.equals(digest.toString())) {
            throw new OciException(OciException.Kind.INTEGRITY, describe() + " stored the manifest under " + Printable.of(stored)
                    + ", not " + digest);
        }
        return digest;
    }

    /** A download's connection broke: resumable. */
    private static final class ConnectionDropped extends IOException {
        ConnectionDropped(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException cause() {
            return (IOException) getCause();
        }
    }
}
