package io.vouch.sip;

import io.vouch.sip.internal.HeaderNames;
import io.vouch.sip.internal.HeaderParsers;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed header values of one message, parsed once when the message is decoded or built, so typed
 * accessors never fail afterwards. {@link #error} names the first malformed header, or is null.
 */
final class TypedHeaders implements Cloneable {
    String error;
    String callId;
    CSeq cseq;
    List<Via> vias = List.of();
    NameAddr from;
    NameAddr to;
    int maxForwards = -1;
    long expires = -1;
    long contentLength = -1;
    List<Contact> contacts = List.of();
    List<NameAddr> routes = List.of();
    List<NameAddr> recordRoutes = List.of();
    List<NameAddr> paths = List.of();
    List<AuthHeader> authorizations = List.of();
    List<AuthHeader> proxyAuthorizations = List.of();
    List<AuthHeader> wwwAuthenticates = List.of();
    List<AuthHeader> proxyAuthenticates = List.of();

    private TypedHeaders() {
    }

    static TypedHeaders parse(SipHeaders h) {
        TypedHeaders t = new TypedHeaders();
        int n = h.size();
        int singles = 0;
        List<String> parts = new ArrayList<>(0);
        for (int i = 0; i < n && t.error == null; i++) {
            String name = h.name(i);
            String value = h.value(i);
            switch (name) {
                case HeaderNames.CALL_ID -> {
                    singles = t.single(singles, 0, name);
                    t.callId = validCallId(value) ? value : t.fail("bad Call-ID");
                }
                case HeaderNames.CSEQ -> {
                    singles = t.single(singles, 1, name);
                    t.cseq = HeaderParsers.cseq(value);
                    t.check(t.cseq, "bad CSeq");
                }
                case HeaderNames.FROM -> {
                    singles = t.single(singles, 2, name);
                    t.from = HeaderParsers.nameAddr(value);
                    t.check(t.from, "bad From");
                }
                case HeaderNames.TO -> {
                    singles = t.single(singles, 3, name);
                    t.to = HeaderParsers.nameAddr(value);
                    t.check(t.to, "bad To");
                }
                case HeaderNames.MAX_FORWARDS -> {
                    singles = t.single(singles, 4, name);
                    long mf = HeaderParsers.number(value);
                    if (mf < 0 || mf > 255) {
                        t.fail("bad Max-Forwards");
                    }
                    t.maxForwards = (int) mf;
                }
                case HeaderNames.CONTENT_LENGTH -> {
                    singles = t.single(singles, 5, name);
                    t.contentLength = HeaderParsers.number(value);
                    if (t.contentLength < 0) {
                        t.fail("bad Content-Length");
                    }
                }
                case HeaderNames.CONTENT_TYPE -> {
                    singles = t.single(singles, 6, name);
                    if (value.isEmpty() || value.indexOf('/') < 0) {
                        t.fail("bad Content-Type");
                    }
                }
                case HeaderNames.EXPIRES -> {
                    singles = t.single(singles, 7, name);
                    long e = HeaderParsers.number(value);
                    if (e == -1) {
                        t.fail("bad Expires");
                    }
                    t.expires = e < 0 || e > 0xFFFF_FFFFL ? 0xFFFF_FFFFL : e;
                }
                case HeaderNames.VIA -> t.vias = t.line(t.vias, value, parts, HeaderParsers::via, "bad Via");
                case HeaderNames.CONTACT -> {
                    t.contacts = t.line(t.contacts, value, parts, HeaderParsers::contact, "bad Contact");
                    if (t.contacts.size() > 1 && t.contacts.contains(Contact.WILDCARD)) {
                        t.fail("wildcard Contact mixed with addresses");
                    }
                }
                case "Route" -> t.routes = t.line(t.routes, value, parts, HeaderParsers::nameAddr, "bad Route");
                case "Record-Route" -> t.recordRoutes =
                    t.line(t.recordRoutes, value, parts, HeaderParsers::nameAddr, "bad Record-Route");
                case "Path" -> t.paths = t.line(t.paths, value, parts, HeaderParsers::nameAddr, "bad Path");
                case "Authorization" -> t.authorizations =
                    t.list(t.authorizations, List.of(value), HeaderParsers::auth, "bad Authorization");
                case "Proxy-Authorization" -> t.proxyAuthorizations =
                    t.list(t.proxyAuthorizations, List.of(value), HeaderParsers::auth, "bad Proxy-Authorization");
                case "WWW-Authenticate" -> t.wwwAuthenticates =
                    t.list(t.wwwAuthenticates, List.of(value), HeaderParsers::auth, "bad WWW-Authenticate");
                case "Proxy-Authenticate" -> t.proxyAuthenticates =
                    t.list(t.proxyAuthenticates, List.of(value), HeaderParsers::auth, "bad Proxy-Authenticate");
                default -> {
                }
            }
        }
        return t;
    }

    private static List<String> split(String value, List<String> parts) {
        parts.clear();
        HeaderParsers.splitList(value, parts);
        return parts;
    }

    private static boolean validCallId(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c >= 127) {
                return false;
            }
        }
        return true;
    }

    private int single(int seen, int bit, String name) {
        if ((seen & (1 << bit)) != 0) {
            fail("duplicate " + name);
        }
        return seen | (1 << bit);
    }

    private String fail(String reason) {
        if (error == null) {
            error = reason;
        }
        return null;
    }

    private void check(Object parsed, String reason) {
        if (parsed == null) {
            fail(reason);
        }
    }

    /** Parses one list header line into {@code acc}; lines without a comma skip the splitting. */
    private <T> List<T> line(List<T> acc, String value, List<String> parts, java.util.function.Function<String, T> parser,
                             String reason) {
        if (value.indexOf(',') >= 0) {
            return list(acc, split(value, parts), parser, reason);
        }
        T v = value.isEmpty() ? null : parser.apply(value);
        if (v == null) {
            fail(reason);
            return acc;
        }
        List<T> out = acc.isEmpty() ? new ArrayList<>(2) : acc;
        out.add(v);
        return out;
    }

    private <T> List<T> list(List<T> acc, List<String> elements, java.util.function.Function<String, T> parser,
                             String reason) {
        if (elements.isEmpty()) {
            fail(reason);
            return acc;
        }
        List<T> out = acc.isEmpty() ? new ArrayList<>(elements.size()) : acc;
        for (String e : elements) {
            T v = parser.apply(e);
            if (v == null) {
                fail(reason);
                return out;
            }
            out.add(v);
        }
        return out;
    }

    /** A frozen copy with the first Via replaced by {@code via}; every other value is shared (all are immutable). */
    TypedHeaders withTopVia(Via via) {
        TypedHeaders t;
        try {
            t = (TypedHeaders) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        List<Via> v = new ArrayList<>(vias);
        v.set(0, via);
        t.vias = v;
        return t.freeze();
    }

    /** Freezes the lists so accessors can hand them out. */
    TypedHeaders freeze() {
        vias = List.copyOf(vias);
        contacts = List.copyOf(contacts);
        routes = List.copyOf(routes);
        recordRoutes = List.copyOf(recordRoutes);
        paths = List.copyOf(paths);
        authorizations = List.copyOf(authorizations);
        proxyAuthorizations = List.copyOf(proxyAuthorizations);
        wwwAuthenticates = List.copyOf(wwwAuthenticates);
        proxyAuthenticates = List.copyOf(proxyAuthenticates);
        return this;
    }
}
