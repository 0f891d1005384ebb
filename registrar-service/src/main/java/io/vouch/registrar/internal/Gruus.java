package io.vouch.registrar.internal;

import io.vouch.proto.Topics;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.sip.SipUri;
import io.vouch.sip.Uri;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The GRUUs this registrar issues (RFC 5627): a public GRUU is the AOR with {@code gr} set to the instance URN
 * (§3.1, §5.1), a temporary GRUU is {@code sip:tgruu.<random>@<domain>;gr}, opaque so it reveals neither the AOR
 * nor the instance (§3.2). Temporary GRUUs are resolved through the registrar's index of tokens; the token is drawn
 * so that the GRUU's own record key ({@code tgruu.<token>@domain}, what the auth stage keys a request to it by)
 * falls in the partition of its AOR, where the bindings are: any replica routes it without a shared index.
 */
public final class Gruus {
    static final String TEMP_USER_PREFIX = "tgruu.";
    /** Draws before giving up on co-locating a token (a miss has probability (1 - 1/n)^MAX_DRAWS). */
    private static final int MAX_DRAWS = 4096;

    /** A GRUU taken apart: a public one names AOR and instance, a temporary one only its token. */
    public sealed interface Parsed {
    }

    /** {@code aor} is a {@link io.vouch.proto.Topics#aorKey} key, {@code instance} the URN without angle brackets. */
    public record Public(String aor, String instance) implements Parsed {
    }

    public record Temporary(String token) implements Parsed {
    }

    private Gruus() {
    }

    /** A fresh temporary GRUU token: 128 random bits, hex. */
    static String newToken(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * A fresh token whose temporary GRUU is keyed into the partition of {@code aor} among {@code partitions}
     * (Kafka's default partitioner); any token when {@code partitions} is unknown (below 1). Draws until one fits:
     * about {@code partitions} draws, each still 128 random bits.
     */
    static String newToken(SecureRandom random, String aor, int partitions) {
        String token = newToken(random);
        if (partitions <= 1) {
            return token;
        }
        int target = VouchTopics.partitionFor(aor, partitions);
        String domain = aor.substring(aor.lastIndexOf('@') + 1);
        for (int i = 0; i < MAX_DRAWS && VouchTopics.partitionFor(key(token, domain), partitions) != target; i++) {
            token = newToken(random);
        }
        return token;
    }

    /** The record key of a temporary GRUU: {@link Topics#aorKey} of its URI, as the auth stage computes it. */
    static String key(String token, String domain) {
        return Topics.aorKey(TEMP_USER_PREFIX + token, domain);
    }

    /** {@code urn:uuid:...} from a stored {@code +sip.instance} value {@code <urn:uuid:...>}. */
    static String urn(String instanceId) {
        String s = instanceId.trim();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    /** The public GRUU of {@code aor} ({@code user@host}) and instance (RFC 5627 §5.1). */
    static String publicGruu(String aor, String instanceId) {
        return "sip:" + aor + ";gr=" + urn(instanceId);
    }

    /** The temporary GRUU of {@code token} in the AOR's domain. */
    static String temporaryGruu(String aor, String token) {
        int at = aor.lastIndexOf('@');
        return "sip:" + TEMP_USER_PREFIX + token + "@" + aor.substring(at + 1) + ";gr";
    }

    /** Takes a URI apart as a GRUU; empty when it is not a SIP URI with a {@code gr} parameter. */
    public static Optional<Parsed> parse(String uri) {
        if (!(Uri.parse(uri).orElse(null) instanceof SipUri s) || s.param("gr").isEmpty() || s.user() == null
                || s.user().isEmpty()) {
            return Optional.empty();
        }
        String gr = s.param("gr").get();
        if (gr.isEmpty()) {
            return s.user().startsWith(TEMP_USER_PREFIX)
                    ? Optional.of(new Temporary(s.user().substring(TEMP_USER_PREFIX.length()).toLowerCase(Locale.ROOT)))
                    : Optional.empty();
        }
        return Optional.of(new Public(s.aor(), gr));
    }
}
