package io.vouch.registrar.internal;

import io.vouch.sip.SipUri;
import io.vouch.sip.Uri;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** URI comparison of RFC 3261 §19.1.4, used to match a Contact to an existing binding (§10.3 step 7). */
public final class UriEquivalence {
    /** Parameters that must match when present in only one URI ({@code maddr} included, §19.1.4). */
    private static final Set<String> MUST_MATCH = Set.of("user", "ttl", "method", "maddr");

    private UriEquivalence() {
    }

    /** Whether {@code a} and {@code b} are equivalent; non-SIP URIs compare case-insensitively as text. */
    public static boolean equivalent(Uri a, Uri b) {
        if (a instanceof SipUri x && b instanceof SipUri y) {
            return sipEquivalent(x, y);
        }
        if (a instanceof SipUri || b instanceof SipUri) {
            return false;
        }
        return a.toString().equalsIgnoreCase(b.toString());
    }

    private static boolean sipEquivalent(SipUri a, SipUri b) {
        if (a.secure() != b.secure() || !a.user().equals(b.user()) || !a.password().equals(b.password())
                || !a.host().equalsIgnoreCase(b.host()) || a.port() != b.port()) {
            return false;
        }
        for (Map.Entry<String, String> e : a.params().entrySet()) {
            String other = b.params().get(e.getKey());
            if (other == null) {
                if (MUST_MATCH.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    return false;
                }
            } else if (!other.equalsIgnoreCase(e.getValue())) {
                return false;
            }
        }
        for (String name : b.params().keySet()) {
            if (!a.params().containsKey(name) && MUST_MATCH.contains(name.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return headersEqual(a.headers(), b.headers());
    }

    private static boolean headersEqual(Map<String, String> a, Map<String, String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, String> e : a.entrySet()) {
            String match = null;
            for (Map.Entry<String, String> o : b.entrySet()) {
                if (o.getKey().equalsIgnoreCase(e.getKey())) {
                    match = o.getValue();
                    break;
                }
            }
            if (match == null || !match.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
