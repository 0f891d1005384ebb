package io.vouch.proto;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every Kafka topic name Vouch uses, and how its record keys are formed, defined once.
 *
 * <p>Stage topics carry {@link SipEvent}s; edge reply topics carry {@link SipReply}s; state topics are
 * compacted and keyed so that the service owning a key also owns its state (co-partitioned input).
 */
public final class Topics {
    /** Requests that need digest authentication (REGISTER, INVITE to sign). Keyed by {@link #userKey}. */
    public static final String AUTH = "vouch.sip.auth";
    /**
     * Authenticated MESSAGE, NOTIFY and INFO for the body-security stage (S/MIME checks against the sender's published
     * certificate), which forwards them to {@link #DELIVER}. Keyed by {@link #aorKey} of the target.
     */
    public static final String BODY = "vouch.sip.body";
    /** Authenticated REGISTERs and OPTIONS for the registrar. Keyed by {@link #aorKey}. */
    public static final String REGISTRAR = "vouch.sip.registrar";
    /** INVITEs to sign or verify (STIR). Keyed by Call-ID so load spreads over replicas. */
    public static final String IDENTITY = "vouch.sip.identity";
    /** Requests for the media-keying stage. Keyed by Call-ID. */
    public static final String MEDIA = "vouch.sip.media";
    /** Certificate PUBLISH/SUBSCRIBE (RFC 6072). Keyed by {@link #aorKey}. */
    public static final String CERT = "vouch.sip.cert";
    /**
     * Non-INVITE requests to a registered user (MESSAGE, NOTIFY, INFO) for the delivery stage, and the edge's
     * responses to the requests it forwards. Keyed by {@link #aorKey} of the target; same partition count as
     * {@link #REGISTRAR}, whose consumer owns it, so a target's bindings are on the replica that delivers to it.
     */
    public static final String DELIVER = "vouch.sip.deliver";

    /** Compacted: digest HA1 per user, realm and algorithm. Key {@code realm/user}. */
    public static final String CREDENTIALS = "vouch.credentials";
    /** Compacted: registrar bindings, keyed by {@link #aorKey}; same partition count as {@link #REGISTRAR}. */
    public static final String BINDINGS = "vouch.bindings";
    /** Compacted: certificates by AOR or certificate URL. */
    public static final String CERTIFICATES = "vouch.certificates";
    /** Compacted: RFC 6665 subscriptions of the certificate service, keyed by {@link #aorKey}; co-partitioned with {@link #CERT}. */
    public static final String CERT_SUBSCRIPTIONS = "vouch.cert-subscriptions";
    /** Compacted: telephone-number assignments to customers (SHAKEN attestation). Key: the TN. */
    public static final String TN_ASSIGNMENTS = "vouch.tn-assignments";

    private static final String EDGE_PREFIX = "vouch.edge.";
    private static final String EDGE_ID_REGEX = "[A-Za-z0-9._-]+";
    private static final Pattern EDGE_ID = Pattern.compile(EDGE_ID_REGEX);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Topics() {
    }

    /**
     * What an edge id may be: it names the edge's reply topic, so topic-name characters only. A method, not a constant:
     * every public string constant here is a topic name.
     */
    public static String edgeIdPattern() {
        return EDGE_ID_REGEX;
    }

    /** Whether {@code edgeId} matches {@link #edgeIdPattern()}. */
    public static boolean isEdgeId(String edgeId) {
        return edgeId != null && EDGE_ID.matcher(edgeId).matches();
    }

    /** The reply topic of one edge: services send responses for flows that edge owns here. */
    public static String edgeReplies(String edgeId) {
        Objects.requireNonNull(edgeId, "edgeId");
        if (!isEdgeId(edgeId)) {
            throw new IllegalArgumentException("edge id must be " + EDGE_ID_REGEX + ": " + edgeId);
        }
        return EDGE_PREFIX + edgeId;
    }

    /** Record key for an address of record: lower-cased {@code user@host} without scheme or parameters. */
    public static String aorKey(String user, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return user == null || user.isEmpty() ? h : user + "@" + h;
    }

    /**
     * Record key in {@link #CERTIFICATES} of a certificate chain served by the HTTPS repository: {@code stir/} and the
     * lower-case hex SHA-256 of the leaf certificate's DER (content-addressed, so a URL never changes its bytes).
     */
    public static String repositoryKey(String leafSha256Hex) {
        if (!SHA256_HEX.matcher(leafSha256Hex).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + leafSha256Hex);
        }
        return "stir/" + leafSha256Hex;
    }

    /** Record key for a user's authentication state: {@code realm/user}, so one replica owns its counters. */
    public static String userKey(String realm, String user) {
        return realm.toLowerCase(Locale.ROOT) + "/" + user;
    }
}
