package org.vhdboot.oci;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * The proxy both transports use: the system's choice (proxy properties, {@code java.net.useSystemProxies}) taken as
 * the JDK client takes it, an HTTP proxy or none (HttpURLConnection alone would go through a SOCKS one), and never
 * one for a loopback registry, whatever a proxy setting without a loopback exception says.
 */
final class RegistryProxies extends ProxySelector {
    static final RegistryProxies SYSTEM = new RegistryProxies();

    private RegistryProxies() {
    }

    /** The one proxy for {@code uri}, or {@link Proxy#NO_PROXY}. */
    Proxy choose(URI uri) {
        return select(uri).get(0);
    }

    @Override
    public List<Proxy> select(URI uri) {
        ProxySelector system = ProxySelector.getDefault();
        if (system == null || system == this || RegistryReference.isLoopbackHost(uri.getHost())) {
            return List.of(Proxy.NO_PROXY);
        }
        List<Proxy> chosen = system.select(uri);
        Proxy first = chosen == null || chosen.isEmpty() ? Proxy.NO_PROXY : chosen.get(0);
        return List.of(first.type() == Proxy.Type.HTTP ? first : Proxy.NO_PROXY);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        ProxySelector system = ProxySelector.getDefault();
        if (system != null && system != this) {
            system.connectFailed(uri, address, failure);
        }
    }
}
