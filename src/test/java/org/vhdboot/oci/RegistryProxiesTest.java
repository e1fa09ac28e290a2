package org.vhdboot.oci;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both transports take the system's proxy as the JDK client does (an HTTP proxy or none), and a loopback registry is
 * reached directly even when the system's setting has no exception for loopback.
 */
class RegistryProxiesTest {
    private final ProxySelector before = ProxySelector.getDefault();

    @AfterEach
    void restore() {
        ProxySelector.setDefault(before);
    }

    private static ProxySelector always(Proxy proxy) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(proxy);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            }
        };
    }

    @Test
    void aSocksProxyIsNotUsedAsTheJdkClientUsesNoneAndAnHttpProxyIs() {
        URI remote = URI.create("https://registry.example/v2/");
        Proxy socks = new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("socks.example", 1080));
        ProxySelector.setDefault(always(socks));
        assertEquals(Proxy.NO_PROXY, RegistryProxies.SYSTEM.choose(remote));
        Proxy http = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.example", 3128));
        ProxySelector.setDefault(always(http));
        assertEquals(http, RegistryProxies.SYSTEM.choose(remote));
    }

    @Test
    void aLoopbackRegistryIsReachedDirectlyWhateverTheProxySettingSays() throws Exception {
        AtomicInteger proxied = new AtomicInteger();
        HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        registry.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(204, -1);
            }
        });
        registry.start();
        try (ServerSocket proxy = new ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            Thread accepting = new Thread(() -> {
                while (true) {
                    try (Socket ignored = proxy.accept()) {
                        proxied.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            ProxySelector.setDefault(always(new Proxy(Proxy.Type.HTTP, proxy.getLocalSocketAddress())));
            Duration wait = Duration.ofSeconds(20);
            for (String host : List.of("127.0.0.1", "localhost")) {
                HttpResponse<BodyStream> response = new UrlConnectionExchange(null, wait, wait, TimeBudget.NONE).send(HttpRequest
                        .newBuilder(URI.create("http://" + host + ":" + registry.getAddress().getPort() + "/v2/"))
                        .timeout(wait).GET().build());
                response.body().close();
                assertEquals(204, response.statusCode(), host);
            }
            assertEquals(0, proxied.get());
        } finally {
            registry.stop(0);
        }
    }
}
