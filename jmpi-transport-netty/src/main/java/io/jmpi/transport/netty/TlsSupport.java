package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/**
 * TLS for the TCP transport, when a keystore is configured ({@code jmpi.tcp.tlsKeystore} or
 * {@code JMPI_TLS_KEYSTORE}): an {@link SslHandler} goes first in every connection's pipeline,
 * so the handshake of the job (and every frame after it) travels encrypted.
 *
 * <p>The keystore holds the job's key pair and certificate (jmpiexec {@code --tls} makes one
 * per job). Each rank presents that key, on both sides of a connection (mutual TLS: the
 * accepting rank requires the connecting one's certificate), and trusts exactly the
 * certificates in the keystore (its certificate entries and the certificates of its key
 * entries): only holders of the job's key get in. Host names are not checked, as ranks are
 * known by their key, not by their address. TLS 1.3 only, on the JDK's own provider.
 *
 * <p>Immutable and thread-safe once built; {@link #handler} runs on event-loop threads.
 */
final class TlsSupport {
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    private final SslContext server;
    private final SslContext client;
    private final long handshakeTimeoutMillis;

    private TlsSupport(SslContext server, SslContext client, long handshakeTimeoutMillis) {
        this.server = server;
        this.client = client;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /**
     * Builds the TLS contexts of a transport, or returns {@code null} when TLS is off.
     *
     * @param config the transport's settings
     * @return the support, or {@code null}
     * @throws MpiException {@code ERR_ARG} when the keystore cannot be read or used
     */
    static TlsSupport of(TcpConfig config) {
        if (!config.tls()) {
            return null;
        }
        char[] password = config.tlsPassword() == null ? new char[0] : config.tlsPassword().toCharArray();
        try {
            KeyStore keys = load(config.tlsKeystore(), password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted(keys));
            SslContext server = SslContextBuilder.forServer(kmf)
                    .trustManager(tmf)
                    .clientAuth(ClientAuth.REQUIRE)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
            SslContext client = SslContextBuilder.forClient()
                    .keyManager(kmf)
                    .trustManager(tmf)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .endpointIdentificationAlgorithm(null)
                    .build();
            return new TlsSupport(server, client, config.handshakeTimeoutMillis());
        } catch (IOException | GeneralSecurityException e) {
            throw new MpiException(ErrorClass.ERR_ARG, "the TLS keystore from " + config.tlsSource()
                    + " cannot be used (is " + TcpConfig.TLS_PASSWORD_VARIABLE + " or " + TcpConfig.TLS_PASSWORD
                    + " its password?): " + e.getMessage(), e);
        }
    }

    /**
     * A new handler for one connection, to go first in its pipeline.
     *
     * @param ch the connection
     * @param accepting whether this rank accepted it (else it connected)
     * @return the handler
     */
    SslHandler handler(Channel ch, boolean accepting) {
        SslHandler h = (accepting ? server : client).newHandler(ch.alloc());
        h.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return h;
    }

    private static KeyStore load(String source, char[] password) throws IOException, GeneralSecurityException {
        byte[] bytes;
        if (source.startsWith("base64:")) {
            try {
                bytes = Base64.getDecoder().decode(source.substring("base64:".length()).trim());
            } catch (IllegalArgumentException e) {
                throw new IOException("its base64 text does not decode: " + e.getMessage(), e);
            }
        } else {
            bytes = Files.readAllBytes(Path.of(source));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12"); // also reads JKS files
        ks.load(new ByteArrayInputStream(bytes), password);
        return ks;
    }

    /** A keystore of the certificates to trust: every certificate entry, and every key entry's own certificate. */
    private static KeyStore trusted(KeyStore keys) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int n = 0;
        boolean hasKey = false;
        for (String alias : Collections.list(keys.aliases())) {
            Certificate c = keys.getCertificate(alias);
            hasKey |= keys.isKeyEntry(alias);
            if (c != null) {
                trust.setCertificateEntry("trusted-" + n++, c);
            }
        }
        if (!hasKey || n == 0) {
            throw new SSLException("it holds no key pair with a certificate");
        }
        return trust;
    }
}
