package io.github.scratchimage.registry;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS set-up of one push, shared by both HTTP clients: trust the JVM's CAs plus the configured
 * PEM files, or with {@code allowInsecureRegistries} trust every certificate and skip the host name
 * check. The PEM files are read at once, so a bad one fails before anything is sent; the context
 * itself (loading the JVM's CA certificates, a noticeable part of a short build) is made at the
 * first HTTPS connection, so plain-HTTP loopback registries never pay for it. Thread-safe.
 */
final class Tls {
    private final boolean insecure;
    private final KeyStore extraCas;
    private volatile SSLContext context;

    private Tls(boolean insecure, KeyStore extraCas) {
        this.insecure = insecure;
        this.extraCas = extraCas;
    }

    static Tls of(RegistryOptions options) {
        KeyStore extra = options.caCertificates().isEmpty() ? null : caKeyStore(options.caCertificates());
        return new Tls(options.allowInsecureRegistries(), extra);
    }

    /** Whether the server's certificate must name the host (false only with allowInsecureRegistries). */
    boolean verifiesHostnames() {
        return !insecure;
    }

    SSLContext context() {
        SSLContext current = context;
        if (current == null) {
            synchronized (this) {
                if (context == null) {
                    context = insecure ? insecureContext() : verifyingContext(extraCas);
                }
                current = context;
            }
        }
        return current;
    }

    private static KeyStore caKeyStore(List<Path> pemFiles) {
        try {
            return keyStore(pemFiles);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Trusts the JVM's CAs and, when given, the certificates in {@code extraCas}. */
    private static SSLContext verifyingContext(KeyStore extraCas) {
        try {
            X509TrustManager jvm = trustManager(null);
            X509TrustManager extra = extraCas == null ? null : trustManager(extraCas);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new EitherTrustManager(jvm, extra)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static SSLContext insecureContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAllManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(List<Path> pemFiles) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        int n = 0;
        for (Path file : pemFiles) {
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(file)) {
                certificates = factory.generateCertificates(in);
            } catch (IOException e) {
                throw new InvalidImageException(Field.TRUSTED_CERTIFICATES, null, "cannot read " + file + ": " + e.getMessage(), e);
            } catch (CertificateException e) {
                throw new InvalidImageException(Field.TRUSTED_CERTIFICATES, null, file + " is not a PEM certificate file: "
                        + e.getMessage(), e);
            }
            if (certificates.isEmpty()) {
                throw new InvalidImageException(Field.TRUSTED_CERTIFICATES, file + " holds no certificate; expected PEM "
                        + "blocks '-----BEGIN CERTIFICATE-----'");
            }
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
        }
        return store;
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("the JVM has no X.509 trust manager");
    }

    /** Trusts what the JVM trusts, or else what the configured PEM files trust. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final X509TrustManager jvm;
        private final X509TrustManager extra;

        EitherTrustManager(X509TrustManager jvm, X509TrustManager extra) {
            this.jvm = jvm;
            this.extra = extra;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jvm.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                jvm.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                if (extra == null) {
                    throw e;
                }
                extra.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(jvm.getAcceptedIssuers()));
            if (extra != null) {
                all.addAll(List.of(extra.getAcceptedIssuers()));
            }
            return all.toArray(new X509Certificate[0]);
        }
    }

    /** Only with allowInsecureRegistries. */
    private static final class TrustAllManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
