package io.vouch.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header name knowledge: canonical spelling of registered names, compact forms (RFC 3261 §7.3.3 and
 * the IANA SIP parameters registry) and which headers are comma-separated lists (§7.3.1).
 */
public final class HeaderNames {
    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String CONTACT = "Contact";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String EXPIRES = "Expires";

    private static final String[] KNOWN = {
        "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority",
        "Alert-Info", "Allow", "Allow-Events", "Answer-Mode", "Authentication-Info", "Authorization",
        "Call-ID", "Call-Info", "Contact", "Content-Disposition", "Content-Encoding", "Content-Language",
        "Content-Length", "Content-Type", "CSeq", "Date", "Error-Info", "Event", "Expires", "Flow-Timer",
        "From", "History-Info", "Identity", "Identity-Info", "In-Reply-To", "Join", "Max-Breadth",
        "Max-Forwards", "MIME-Version", "Min-Expires", "Min-SE", "Organization", "P-Asserted-Identity",
        "P-Charging-Vector", "P-Preferred-Identity", "Path", "Permission-Missing", "Priority", "Privacy",
        "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "RAck", "Reason", "Record-Route",
        "Refer-Sub", "Refer-To", "Referred-By", "Reject-Contact", "Replaces", "Reply-To",
        "Request-Disposition", "Require", "Resource-Priority", "Retry-After", "Route", "RSeq",
        "Security-Client", "Security-Server", "Security-Verify", "Server", "Service-Route",
        "Session-Expires", "SIP-ETag", "SIP-If-Match", "Subject", "Subscription-State", "Supported",
        "Timestamp", "To", "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate",
    };

    /** Compact forms by letter (RFC 3261 §7.3.3 and registered extensions). */
    private static final String[] COMPACT = new String[128];

    /** Headers whose grammar is a comma-separated list of elements (RFC 3261 §7.3.1). */
    private static final Set<String> LISTS = Set.of(
        "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority",
        "Alert-Info", "Allow", "Allow-Events", "Call-Info", "Contact", "Content-Encoding",
        "Content-Language", "Error-Info", "History-Info", "In-Reply-To", "P-Asserted-Identity",
        "P-Preferred-Identity", "Path", "Proxy-Require", "Reason", "Record-Route", "Reject-Contact",
        "Request-Disposition", "Require", "Resource-Priority", "Route", "Security-Client",
        "Security-Server", "Security-Verify", "Service-Route", "Supported", "Unsupported", "Via", "Warning");

    private static final Map<String, String> BY_LOWER = new HashMap<>();
    private static final int TABLE_BITS = 9;
    private static final byte[][] TABLE_KEYS = new byte[1 << TABLE_BITS][];
    private static final String[] TABLE_NAMES = new String[1 << TABLE_BITS];

    static {
        String compact = "iCall-ID mContact eContent-Encoding lContent-Length cContent-Type fFrom sSubject "
            + "kSupported tTo vVia oEvent uAllow-Events rRefer-To bReferred-By xSession-Expires yIdentity "
            + "aAccept-Contact jReject-Contact dRequest-Disposition nIdentity-Info";
        for (String pair : compact.split(" ")) {
            COMPACT[pair.charAt(0)] = pair.substring(1);
        }
        for (String name : KNOWN) {
            BY_LOWER.put(name.toLowerCase(Locale.ROOT), name);
            byte[] key = name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            int slot = hash(key, 0, key.length) & (TABLE_NAMES.length - 1);
            while (TABLE_KEYS[slot] != null) {
                slot = (slot + 1) & (TABLE_NAMES.length - 1);
            }
            TABLE_KEYS[slot] = key;
            TABLE_NAMES[slot] = name;
        }
    }

    private HeaderNames() {
    }

    /** A cheap case-insensitive hash of length and three characters; the table resolves collisions. */
    private static int hash(byte[] b, int off, int len) {
        int h = len * 97 + (b[off] | 0x20) * 961 + (b[off + len - 1] | 0x20) * 31 + (b[off + (len >> 1)] | 0x20);
        return h ^ (h >>> 5);
    }

    /**
     * The canonical name for the header name bytes {@code b[off, off+len)}: the registered spelling for
     * known and compact names, otherwise the name as written (ISO-8859-1). Does not validate.
     */
    public static String canonical(byte[] b, int off, int len) {
        if (len == 1) {
            int c = b[off] | 0x20;
            if (c < 128 && COMPACT[c] != null) {
                return COMPACT[c];
            }
        } else {
            int slot = hash(b, off, len) & (TABLE_NAMES.length - 1);
            byte[] key;
            while ((key = TABLE_KEYS[slot]) != null) {
                if (key.length == len && equalsLower(key, b, off)) {
                    return TABLE_NAMES[slot];
                }
                slot = (slot + 1) & (TABLE_NAMES.length - 1);
            }
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static boolean equalsLower(byte[] lower, byte[] b, int off) {
        for (int i = 0; i < lower.length; i++) {
            int c = b[off + i];
            if (c >= 'A' && c <= 'Z') {
                c |= 0x20;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** The canonical name for {@code name} (compact forms expanded, registered spelling), else as given. */
    public static String canonical(String name) {
        if (name.length() == 1) {
            char c = Character.toLowerCase(name.charAt(0));
            if (c < 128 && COMPACT[c] != null) {
                return COMPACT[c];
            }
            return name;
        }
        String known = BY_LOWER.get(name.toLowerCase(Locale.ROOT));
        return known != null ? known : name;
    }

    /** Whether the canonical header {@code name} is a comma-separated list header. */
    public static boolean isList(String canonicalName) {
        return LISTS.contains(canonicalName);
    }
}
