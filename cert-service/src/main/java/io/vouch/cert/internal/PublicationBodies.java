package io.vouch.cert.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a PUBLISH body must be per event package (RFC 6072): {@code certificate} takes one
 * {@code application/pkix-cert} (RFC 2585) user certificate; {@code credential} takes a {@code multipart/mixed}
 * (RFC 2046) of that certificate and an {@code application/pkcs8} password-encrypted private key. Returns the body
 * as it will be stored and sent in NOTIFYs (the certificate as DER; the credential re-encoded with a fixed boundary).
 */
public final class PublicationBodies {
    public static final String PKIX_CERT = "application/pkix-cert";
    public static final String PKCS8 = "application/pkcs8";
    public static final String MULTIPART_MIXED = "multipart/mixed";
    /** The boundary of credential bodies this service produces. */
    public static final String BOUNDARY = "vouch-credential-boundary";

    private final UserCertificateValidator certificates;
    private final EncryptedKeyValidator keys;

    public PublicationBodies(UserCertificateValidator certificates, EncryptedKeyValidator keys) {
        this.certificates = certificates;
        this.keys = keys;
    }

    /** A stored body: its Content-Type and bytes. */
    public record Body(String contentType, byte[] bytes) {
    }

    /** Checks a PUBLISH body of {@code eventPackage} for {@code aor}. */
    public Check<Body> validate(String eventPackage, String contentType, byte[] body, String aor, Instant now) {
        String type = Multipart.baseType(contentType);
        return switch (eventPackage) {
            case EventPackages.CERTIFICATE -> {
                if (!type.equals(PKIX_CERT)) {
                    yield unsupported(PKIX_CERT);
                }
                yield switch (certificates.validate(body, aor, now)) {
                    case Check.Ok<UserCertificateValidator.Accepted> ok ->
                            Check.ok(new Body(PKIX_CERT, ok.value().der()));
                    case Check.Refused<UserCertificateValidator.Accepted> r -> new Check.Refused<>(r.rejection());
                };
            }
            case EventPackages.CREDENTIAL -> credential(type, contentType, body, aor, now);
            default -> Check.refused(489, "Bad Event", "bad_event");
        };
    }

    private Check<Body> credential(String type, String contentType, byte[] body, String aor, Instant now) {
        if (type.equals(PKCS8)) {
            // a lone key still must not be plaintext: say so rather than only "wrong media type"
            if (keys.validate(body) instanceof Check.Refused<byte[]> r) {
                return new Check.Refused<>(r.rejection());
            }
            return unsupported(MULTIPART_MIXED);
        }
        if (!type.equals(MULTIPART_MIXED)) {
            return unsupported(MULTIPART_MIXED);
        }
        var boundary = Multipart.boundary(contentType);
        if (boundary.isEmpty()) {
            return Check.refused(400, "Multipart Without Boundary", "multipart_malformed");
        }
        List<Multipart.Part> parts;
        switch (Multipart.parse(boundary.get(), body)) {
            case Check.Ok<List<Multipart.Part>> ok -> parts = ok.value();
            case Check.Refused<List<Multipart.Part>> r -> {
                return new Check.Refused<>(r.rejection());
            }
        }
        Multipart.Part cert = null;
        Multipart.Part key = null;
        for (Multipart.Part p : parts) {
            switch (p.mediaType()) {
                case PKIX_CERT -> {
                    if (cert != null) {
                        return Check.refused(400, "Credential Has Two Certificates", "credential_malformed");
                    }
                    cert = p;
                }
                case PKCS8 -> {
                    if (key != null) {
                        return Check.refused(400, "Credential Has Two Keys", "credential_malformed");
                    }
                    key = p;
                }
                default -> {
                    return Check.refused(415, "Credential Part Type Not Supported", "unsupported_media");
                }
            }
        }
        if (cert == null || key == null) {
            return Check.refused(400, "Credential Needs Certificate And Encrypted Key", "credential_malformed");
        }
        byte[] keyDer;
        switch (keys.validate(key.content())) {
            case Check.Ok<byte[]> ok -> keyDer = ok.value();
            case Check.Refused<byte[]> r -> {
                return new Check.Refused<>(r.rejection());
            }
        }
        byte[] certDer;
        switch (certificates.validate(cert.content(), aor, now)) {
            case Check.Ok<UserCertificateValidator.Accepted> ok -> certDer = ok.value().der();
            case Check.Refused<UserCertificateValidator.Accepted> r -> {
                return new Check.Refused<>(r.rejection());
            }
        }
        byte[] stored = Multipart.encode(BOUNDARY, List.of(Map.entry(PKIX_CERT, certDer), Map.entry(PKCS8, keyDer)));
        return Check.ok(new Body(MULTIPART_MIXED + ";boundary=" + BOUNDARY, stored));
    }

    private static Check<Body> unsupported(String accept) {
        return new Check.Refused<>(new Rejection(415, "Unsupported Media Type", "unsupported_media",
                Map.of("Accept", accept)));
    }
}
