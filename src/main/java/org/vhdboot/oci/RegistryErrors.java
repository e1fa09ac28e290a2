package org.vhdboot.oci;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** Turns an unexpected registry answer into one line: the status and the first error the body names. */
final class RegistryErrors {
    static final int MAX_ERROR_BODY = 64 << 10;

    private RegistryErrors() {
    }

    /** @param hideSecrets hides what the request carried (a registry may echo it in its error) */
    static OciException of(HttpResponse<BodyStream> response, String what, String authority,
                           UnaryOperator<String> hideSecrets) {
        int status = response.statusCode();
        String detail = "";
        try (BodyStream body = response.body()) {
            byte[] text = body.readAll(MAX_ERROR_BODY, "the error");
            detail = status == 400 && askedOverPlainHttp(response) && mentionsHttps(text)
                    ? ": it speaks HTTPS, not plain HTTP; leave out --insecure" : firstError(text, hideSecrets);
        } catch (IOException e) {
            // The status says enough.
        }
        String message = what + ": " + authority + " answered HTTP " + status + detail;
        OciException.Kind kind;
        if (status == 401 || status == 403) {
            kind = OciException.Kind.UNAUTHORIZED;
        } else if (status == 404) {
            kind = OciException.Kind.NOT_FOUND;
        } else if (RetryPolicy.isRetryableStatus(status)) {
            kind = OciException.Kind.UNREACHABLE;
            message += " (after retries)";
        } else {
            kind = OciException.Kind.PROTOCOL;
        }
        return new OciException(kind, message);
    }

    /** Go's and nginx's answers to plain HTTP on a TLS port ("Client sent an HTTP request to an HTTPS server."). */
    private static boolean mentionsHttps(byte[] body) {
        return new String(body, StandardCharsets.ISO_8859_1).contains("HTTPS");
    }

    private static boolean askedOverPlainHttp(HttpResponse<?> response) {
        return "http".equalsIgnoreCase(response.uri().getScheme());
    }

    /** The first error an error body names, as " (CODE: message)" of printable text, or "" when it names none. */
    static String firstError(byte[] body, UnaryOperator<String> hideSecrets) {
        try {
            JsonNode first = OciJson.tree(body).path("errors").path(0);
            String code = first.path("code").asText("");
            String text = first.path("message").asText("");
            if (code.isEmpty() && text.isEmpty()) {
                return "";
            }
            // Hidden before the text is cut: a cut must not leave the start of a token showing.
            return " (" + clean(hideSecrets.apply(code)) + (text.isEmpty() ? "" : ": " + clean(hideSecrets.apply(text)))
                    + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String clean(String text) {
        String quoted = Printable.of(text);
        return quoted.substring(1, quoted.length() - 1);
    }
}
