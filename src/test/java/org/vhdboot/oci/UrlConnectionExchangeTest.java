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

    /** Answers one request with a status line, then a header a byte at a time, every 20 ms, until dropped. */
    private void dripHeadersOnce() {
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept()) {
                socket.getInputStream().read(new byte[8192]);
                java.io.OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nX-Drip: ".getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 1500; i++) {
                    out.write('x');
                    out.flush();
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                dropped.countDown();
            }
        }, "test-dripping-server");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The socket's read timeout is per read: headers dripped a byte inside each of them would hold the request for as
     * long as the server likes (the agent's night with it). The request's timeout bounds the wait for the headers as a
     * whole, as in the JDK client, and so does the session's time budget.
     */
    @Test
    void headersDrippedInsideTheReadTimeoutAreGivenUpOnAtTheRequestsTimeout() throws Exception {
        dripHeadersOnce();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/"))
                .timeout(Duration.ofMillis(500)).GET().build();
        UrlConnectionExchange exchange = new UrlConnectionExchange(null, WAIT, WAIT, TimeBudget.NONE);
        java.net.http.HttpTimeoutException timeout = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> assertThrows(java.net.http.HttpTimeoutException.class, () -> exchange.send(request)));
        assertTrue(timeout.getMessage().contains("no response within"), timeout.getMessage());
        assertTrue(dropped.await(5, TimeUnit.SECONDS), "the connection is dropped");
    }

    @Test
    void headersDrippedInsideEveryTimeoutAreGivenUpOnWhenTheTimeBudgetRunsOut() throws Exception {
        dripHeadersOnce();
        UrlConnectionExchange exchange = new UrlConnectionExchange(null, WAIT, WAIT,
                TimeBudget.startingNow(Duration.ofMillis(500), "127.0.0.1"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/"))
                .timeout(WAIT).GET().build();
        assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> assertThrows(java.net.http.HttpTimeoutException.class, () -> exchange.send(request)));
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
