package org.vhdboot.oci;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HttpURLConnection transport against a server whose answers are written byte by byte, hostile ones included. */
class UrlConnectionExchangeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ServerSocket server = serverSocket();

    private static ServerSocket serverSocket() {
        try {
            return new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Counted down when the client dropped the connection of {@link #answerOnce}. */
    private final CountDownLatch dropped = new CountDownLatch(1);

    /** Answers one request with {@code answer} as it is, then keeps the connection until the client drops it. */
    private void answerOnce(String answer) {
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                in.read(new byte[8192]);
                socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                in.transferTo(OutputStreamNull.INSTANCE);
            } catch (IOException e) {
                // the client went away
            } finally {
                dropped.countDown();
            }
        }, "test-canned-server");
        thread.setDaemon(true);
        thread.start();
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }
    }

    private HttpResponse<BodyStream> get() throws IOException {
        return new UrlConnectionExchange(null, WAIT, WAIT, TimeBudget.NONE).send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/")).timeout(WAIT).GET().build());
    }

    /**
     * A body left early on a server that stopped sending: closing it returns at once (HttpURLConnection's disconnect
     * waits for a read in progress, so the closer must not be the one to call it).
     */
    @Test
    void closingABodyOnASilentServerReturnsAtOnceAndDropsTheConnection() throws Exception {
        answerOnce("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
        HttpResponse<BodyStream> response = get();
        BodyStream body = response.body();
        assertEquals(10, body.next().remaining());
        // The reading thread drops the connection once its read returns (2 x WAIT at the latest); no closer waits.
        assertTimeoutPreemptively(Duration.ofSeconds(5), body::close);
    }

    @Test
    void aMalformedStatusLineIsAProtocolFailureAndItsConnectionDropped() throws Exception {
        answerOnce("HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n");
        assertThrows(java.net.ProtocolException.class, this::get);
        assertTrue(dropped.await(5, TimeUnit.SECONDS), "the connection of a malformed answer is dropped");
    }

    @Test
    void oneHeaderSentUnderNamesThatDifferInCaseIsOneHeaderAsTheJdkClientHasIt() throws Exception {
        answerOnce("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Twice: a\r\nx-twice: b\r\n\r\nok");
        HttpResponse<BodyStream> response = get();
        try (BodyStream body = response.body()) {
            assertEquals(List.of("a", "b"), response.headers().allValues("X-TWICE").stream().sorted().toList());
            assertEquals("ok", new String(body.readAll(100, "the body"), StandardCharsets.US_ASCII));
        }
    }
}
