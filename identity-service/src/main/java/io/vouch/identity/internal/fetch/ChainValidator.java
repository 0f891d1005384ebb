package io.vouch.identity.internal.fetch;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a STIR certificate chain (RFC 8226 §6, SHAKEN) to the configured STI-CA trust anchors with PKIX
 * (RFC 5280 §6): signatures, validity at the injected clock's time, and revocation against the configured CRLs.
 * A certificate whose issuer published no CRL here passes the revocation step; one listed in a CRL fails.
 * With no trust anchors configured every chain is untrusted.
 */
public final class ChainValidator {
    private final Set<TrustAnchor> anchors;
    private final List<X509CRL> crls;
    private final Clock clock;

    /** Why a chain was refused, or that it passed. */
    public enum Verdict {
        VALID, EXPIRED, REVOKED, UNTRUSTED
    }

    public ChainValidator(List<X509Certificate> trustAnchors, List<X509CRL> crls, Clock clock) {
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate c : trustAnchors) {
            set.add(new TrustAnchor(c, null));
        }
        this.anchors = Set.copyOf(set);
        this.crls = List.copyOf(crls);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Validates {@code chain} (end entity first; intermediates after; a trailing root is ignored). */
    public Verdict validate(List<X509Certificate> chain) {
        if (chain.isEmpty() || anchors.isEmpty()) {
            return Verdict.UNTRUSTED;
        }
        Date now = Date.from(clock.instant());
        for (X509Certificate c : chain) {
            try {
                c.checkValidity(now);
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                if (!isAnchor(c)) {
                    return Verdict.EXPIRED;
                }
            }
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (!isAnchor(c)) {
                path.add(c);
            }
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            CertPath certPath = cf.generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setDate(now);
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            if (crls.isEmpty()) {
                params.setRevocationEnabled(false);
            } else {
                params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
                PKIXRevocationChecker rc = (PKIXRevocationChecker) validator.getRevocationChecker();
                rc.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                        PKIXRevocationChecker.Option.NO_FALLBACK, PKIXRevocationChecker.Option.SOFT_FAIL));
                params.addCertPathChecker(rc);
            }
            validator.validate(certPath, params);
            return Verdict.VALID;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return Verdict.REVOKED;
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return Verdict.EXPIRED;
            }
            return Verdict.UNTRUSTED;
        } catch (GeneralSecurityException | RuntimeException e) {
            return Verdict.UNTRUSTED;
        }
    }

    private boolean isAnchor(X509Certificate c) {
        for (TrustAnchor a : anchors) {
            if (a.getTrustedCert().equals(c)) {
                return true;
            }
        }
        return false;
    }
}
