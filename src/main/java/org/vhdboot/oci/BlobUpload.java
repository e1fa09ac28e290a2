package org.vhdboot.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Uploads one blob through the distribution API: a cross-repository mount when asked and offered, else an
 * upload session, finished with one PUT for small blobs or PATCH chunks then a PUT for large ones. A chunk
 * that fails is resumed from the offset the registry reports; a session that cannot go on starts over.
 */
final class BlobUpload {
    private final RegistryHttp http;
    private final RepositoryName repository;
    private final String where;

    BlobUpload(RegistryHttp http, RepositoryName repository, String where) {
        this.http = http;
        this.repository = repository;
        this.where = where;
    }

    ArtifactStore.PushResult push(Descriptor blob, BlobSource source, Optional<RepositoryName> mountFrom,
                                  TransferListener listener) throws IOException {
        if (source.size() != blob.size()) {
            throw new IllegalArgumentException("the source holds " + source.size() + " bytes, the descriptor says "
                    + blob.size());
        }
        Optional<RepositoryName> other = mountFrom.filter(from -> !from.equals(repository));
        RetryPolicy retry = http.options().retry();
        for (int attempt = 1; ; attempt++) {
            Optional<URI> opened = start(blob, other);
            if (opened.isEmpty()) {
                listener.progress(blob.size(), blob.size());
                return ArtifactStore.PushResult.MOUNTED;
            }
            URI session = opened.get();
            try {
                upload(session, blob, source, listener);
                return ArtifactStore.PushResult.UPLOADED;
            } catch (SessionBroken e) {
                if (attempt >= retry.maxAttempts()) {
                    throw e.failure();
                }
                http.pause(http.authority() + ": the upload broke off", attempt, retry.delay(attempt, null));
            }
        }
    }

    /**
     * A cross-repository mount alone, for a blob whose bytes are not at hand: whether {@code from} lent it. The
     * upload session a registry opens instead is cancelled (it would expire anyway).
     */
    boolean mount(Descriptor blob, RepositoryName from) throws IOException {
        if (from.equals(repository)) {
            return false;
        }
        Optional<URI> opened = start(blob, Optional.of(from));
        if (opened.isEmpty()) {
            return true;
        }
        try {
            http.send(new RegistryHttp.Call("DELETE", opened.get(), Map.of(), HttpRequest.BodyPublishers::noBody,
                    Set.of(pushScope()), false)).body().close();
        } catch (OciException e) {
            // Only tidiness: the registry drops an idle session by itself.
        }
        return false;
    }

    /** Opens an upload session, asking to mount from {@code mountFrom} first; empty when the blob was mounted. */
    private Optional<URI> start(Descriptor blob, Optional<RepositoryName> mountFrom) throws IOException {
        Set<String> scopes = mountFrom.map(from -> Set.of(pushScope(), "repository:" + from + ":pull"))
                .orElse(Set.of(pushScope()));
        String query = mountFrom.map(from -> "?mount=" + blob.digest() + "&from="
                + URLEncoder.encode(from.value(), StandardCharsets.UTF_8)).orElse("");
        HttpResponse<BodyStream> started = http.send(new RegistryHttp.Call("POST",
                http.resolve("/v2/" + repository + "/blobs/uploads/" + query), Map.of(),
                HttpRequest.BodyPublishers::noBody, scopes, true));
        if (started.statusCode() == 201 && mountFrom.isPresent()) {
            started.body().close();
            return Optional.empty();
        }
        if (started.statusCode() != 202) {
            throw http.error(started, "starting the upload of " + blob.digest() + " to " + where);
        }
        started.body().close();
        return Optional.of(location(started, http.resolve("/v2/" + repository + "/blobs/uploads/")));
    }

    private String pushScope() {
        return "repository:" + repository + ":pull,push";
    }

    private void upload(URI session, Descriptor blob, BlobSource source, TransferListener listener) throws IOException {
        long chunk = http.options().uploadChunkSize();
        long offset = 0;
        URI location = session;
        if (blob.size() > chunk) {
            int failures = 0;
            while (offset < blob.size()) {
                long length = Math.min(chunk, blob.size() - offset);
                HttpResponse<BodyStream> answer = sendPart("PATCH", location, source, offset, length,
                        Map.of("Content-Range", offset + "-" + (offset + length - 1)));
                if (answer != null && answer.statusCode() == 202) {
                    answer.body().close();
                    location = location(answer, location);
                    offset = offset + length;
                    failures = 0;
                    listener.progress(offset, blob.size());
                    continue;
                }
                if (++failures >= http.options().retry().maxAttempts()) {
                    throw new SessionBroken(answer == null ? new OciException(OciException.Kind.UNREACHABLE,
                            "the upload to " + where + " kept failing") : http.error(answer, "uploading "
                            + blob.digest() + " to " + where));
                }
                if (answer != null) {
                    answer.body().close();
                }
                offset = uploadedSoFar(location);
            }
        }
        URI finish = withDigest(location, blob.digest());
        long rest = blob.size() - offset;
        HttpResponse<BodyStream> done = sendPart("PUT", finish, source, offset, rest, Map.of());
        if (done == null || done.statusCode() != 201) {
            throw new SessionBroken(done == null ? new OciException(OciException.Kind.UNREACHABLE,
                    "the upload to " + where + " broke off") : http.error(done, "finishing the upload of "
                    + blob.digest() + " to " + where));
        }
        done.body().close();
        String stored = done.headers().firstValue("Docker-Content-Digest").orElse(blob.digest().toString());
        if (!stored.equals(blob.digest().toString())) {
            throw new OciException(OciException.Kind.INTEGRITY, where + " stored the blob as " + Printable.of(stored)
                    + ", not " + blob.digest());
        }
        listener.progress(blob.size(), blob.size());
    }

    /** Sends part of the source; null when the connection broke (the caller asks where the session stands). */
    private HttpResponse<BodyStream> sendPart(String method, URI uri, BlobSource source, long offset, long length,
                                              Map<String, String> headers) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/octet-stream");
        HttpRequest.BodyPublisher body = length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return source.open(offset, length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), length);
        try {
            HttpResponse<BodyStream> response = http.send(new RegistryHttp.Call(method, uri, all,
                    () -> body, Set.of(pushScope()), false));
            if (RetryPolicy.isRetryableStatus(response.statusCode())) {
                response.body().close();
                return null;
            }
            return response;
        } catch (OciException e) {
            if (e.kind() == OciException.Kind.UNREACHABLE) {
                return null;
            }
            throw e;
        }
    }

    /** Asks the registry how much of the session it holds ({@code Range: 0-LAST}). */
    private long uploadedSoFar(URI location) throws IOException {
        HttpResponse<BodyStream> status = http.send(RegistryHttp.Call.get(location, Map.of(), Set.of(pushScope())));
        status.body().close();
        if (status.statusCode() != 204) {
            throw new SessionBroken(new OciException(OciException.Kind.PROTOCOL, "the upload session at " + where
                    + " is gone (HTTP " + status.statusCode() + ")"));
        }
        // "0-LAST"; Docker Distribution also says "0-0" for an empty session, which is the likelier reading.
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("(?:bytes=)?0-([0-9]{1,18})")
                .matcher(status.headers().firstValue("Range").orElse("0-0"));
        if (!range.matches()) {
            throw new SessionBroken(new OciException(OciException.Kind.PROTOCOL, where + " reported a malformed upload range"));
        }
        long last = Long.parseLong(range.group(1));
        return last == 0 ? 0 : last + 1;
    }

    private URI location(HttpResponse<?> response, URI base) throws OciException {
        String value = response.headers().firstValue("Location").orElseThrow(() ->
                new OciException(OciException.Kind.PROTOCOL, where + " started an upload without a Location"));
        // Checked as a redirect is: the layer must not go in plain HTTP, nor to another scheme, where the registry
        // itself could not be reached that way.
        return http.target(base, value, where + " gave as its upload Location");
    }

    private static URI withDigest(URI location, Digest digest) {
        String separator = location.getRawQuery() == null ? "?" : "&";
        return URI.create(location + separator + "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8));
    }

    /** The session cannot continue; the upload starts over with a new one. */
    private static final class SessionBroken extends IOException {
        SessionBroken(OciException failure) {
            super(failure.getMessage(), failure);
        }

        OciException failure() {
            return (OciException) getCause();
        }
    }
}
