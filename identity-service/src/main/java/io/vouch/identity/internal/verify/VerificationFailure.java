package io.vouch.identity.internal.verify;

/**
 * Why an Identity header failed verification, each mapped to the RFC 8224 §6.2.2 response and to the
 * {@code verstat} a redirecting verifier reports instead when configured to annotate rather than reject
 * (TS 24.229 §7.2A.20). The {@link #tag()} is the {@code reason} metric tag.
 */
public enum VerificationFailure {
    /** Policy requires an Identity header and none was present. */
    MISSING(StirError.USE_IDENTITY_HEADER, Verstat.NO_TN_VALIDATION, "missing"),
    /** The header or its PASSporT could not be parsed. */
    MALFORMED(StirError.INVALID_IDENTITY_HEADER, Verstat.TN_VALIDATION_FAILED, "malformed"),
    /** The ES256 signature does not verify with the certificate's key. */
    SIGNATURE(StirError.INVALID_IDENTITY_HEADER, Verstat.TN_VALIDATION_FAILED, "signature"),
    /** {@code orig} does not match P-Asserted-Identity / From. */
    ORIG_MISMATCH(StirError.INVALID_IDENTITY_HEADER, Verstat.TN_VALIDATION_FAILED, "orig_mismatch"),
    /** {@code dest} does not name the To / Request-URI number. */
    DEST_MISMATCH(StirError.INVALID_IDENTITY_HEADER, Verstat.TN_VALIDATION_FAILED, "dest_mismatch"),
    /** The PASSporT {@code mky} does not name the fingerprints of the INVITE's SDP (RFC 8225 §5.2.2). */
    MKY_MISMATCH(StirError.INVALID_IDENTITY_HEADER, Verstat.TN_VALIDATION_FAILED, "mky_mismatch"),
    /** The same signature was already seen on another call within the freshness window. */
    REPLAY(StirError.INVALID_IDENTITY_HEADER, Verstat.TN_VALIDATION_FAILED, "replay"),
    /** {@code iat} (or Date) is outside the freshness window. */
    STALE(StirError.STALE_DATE, Verstat.TN_VALIDATION_FAILED, "stale"),
    /** The certificate's TNAuthList covers neither the calling number nor an accepted SPC. */
    TN_NOT_AUTHORIZED(StirError.INVALID_IDENTITY_HEADER, Verstat.TN_VALIDATION_FAILED, "tn_not_authorized"),
    /** Algorithm other than ES256, or header/parameter disagreement. */
    UNSUPPORTED_ALG(StirError.UNSUPPORTED_CREDENTIAL, Verstat.NO_TN_VALIDATION, "alg"),
    /** PASSporT extension this verifier does not process. */
    UNSUPPORTED_PPT(StirError.UNSUPPORTED_CREDENTIAL, Verstat.NO_TN_VALIDATION, "ppt"),
    /** No {@code info} parameter, or {@code x5u} differs from it. */
    NO_INFO(StirError.BAD_IDENTITY_INFO, Verstat.NO_TN_VALIDATION, "no_info"),
    /** The certificate URL is not https, or the SSRF guard refused it. */
    INFO_REFUSED(StirError.BAD_IDENTITY_INFO, Verstat.NO_TN_VALIDATION, "info_refused"),
    /** Fetching the certificate failed (network, status, size, timeout). */
    FETCH_FAILED(StirError.BAD_IDENTITY_INFO, Verstat.NO_TN_VALIDATION, "fetch"),
    /** The fetched content is not an X.509 certificate chain. */
    BAD_CERTIFICATE(StirError.BAD_IDENTITY_INFO, Verstat.NO_TN_VALIDATION, "bad_certificate"),
    /** The chain does not lead to a configured STI-CA trust anchor. */
    UNTRUSTED(StirError.UNSUPPORTED_CREDENTIAL, Verstat.TN_VALIDATION_FAILED, "untrusted"),
    /** A certificate in the chain is outside its validity period. */
    EXPIRED(StirError.UNSUPPORTED_CREDENTIAL, Verstat.TN_VALIDATION_FAILED, "expired"),
    /** A certificate in the chain is revoked. */
    REVOKED(StirError.UNSUPPORTED_CREDENTIAL, Verstat.TN_VALIDATION_FAILED, "revoked"),
    /** The end-entity certificate carries no usable TNAuthList or no P-256 key. */
    NOT_STIR_CERTIFICATE(StirError.UNSUPPORTED_CREDENTIAL, Verstat.TN_VALIDATION_FAILED, "not_stir_certificate");

    private final StirError error;
    private final Verstat softVerstat;
    private final String tag;

    VerificationFailure(StirError error, Verstat softVerstat, String tag) {
        this.error = error;
        this.softVerstat = softVerstat;
        this.tag = tag;
    }

    /** The RFC 8224 §6.2.2 response a rejecting verifier sends. */
    public StirError error() {
        return error;
    }

    /** The verstat an annotating verifier reports. */
    public Verstat softVerstat() {
        return softVerstat;
    }

    public String tag() {
        return tag;
    }
}
