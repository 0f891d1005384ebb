package io.vouch.auth.internal.digest;

import io.vouch.sip.AuthHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parameters of a Digest {@code Authorization}/{@code Proxy-Authorization} value (RFC 3261 §22.4,
 * RFC 7616 §3.4); values are kept as sent, meaning is checked by {@link DigestAuthenticator}.
 *
 * @param username the user name, decoded from {@code username*} (RFC 7616 §3.4.4) when that form was sent; the
 *                 hashed name when {@code userhash} is true
 * @param algorithmToken the {@code algorithm} parameter; absent means MD5 (RFC 7616 §3.4.6)
 * @param qopToken absent for the RFC 2069 form
 */
public record DigestCredentials(String username, boolean userhash, String realm, String nonce, String uri,
                                String response, Optional<String> algorithmToken, Optional<String> qopToken,
                                Optional<String> nc, Optional<String> cnonce, Optional<String> opaque) {
    private static final Pattern NC = Pattern.compile("[0-9a-fA-F]{8}");

    public DigestCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(algorithmToken, "algorithmToken");
        Objects.requireNonNull(qopToken, "qopToken");
        Objects.requireNonNull(nc, "nc");
        Objects.requireNonNull(cnonce, "cnonce");
        Objects.requireNonNull(opaque, "opaque");
    }

    /** What parsing untrusted input produced. */
    public sealed interface Parse permits Parsed, Invalid {
    }

    /** Well-formed Digest credentials. */
    public record Parsed(DigestCredentials credentials) implements Parse {
    }

    /** Not Digest, or a required parameter missing or malformed; {@code reason} is fit for a log line. */
    public record Invalid(String reason) implements Parse {
    }

    /** Parses a header value such as {@code Digest username="alice", realm="example.com", ...}. */
    public static Parse parse(String headerValue) {
        Optional<AuthHeader> parsed = AuthHeader.parse(headerValue);
        if (parsed.isEmpty()) {
            return new Invalid("unparsable credentials");
        }
        return fromParams(parsed.get().scheme(), parsed.get().params());
    }

    /** Builds credentials from a scheme and parameters whose names are lower-case. */
    public static Parse fromParams(String scheme, Map<String, String> params) {
        if (!"digest".equalsIgnoreCase(scheme)) {
            return new Invalid("scheme is not Digest");
        }
        String username = params.get("username");
        String usernameStar = params.get("username*");
        if (username != null && usernameStar != null) {
            return new Invalid("both username and username*");
        }
        if (usernameStar != null) {
            Optional<String> decoded = decodeExtValue(usernameStar);
            if (decoded.isEmpty()) {
                return new Invalid("bad username*");
            }
            username = decoded.get();
        }
        for (String required : new String[] {"realm", "nonce", "uri", "response"}) {
            if (params.get(required) == null) {
                return new Invalid("missing " + required);
            }
        }
        if (username == null) {
            return new Invalid("missing username");
        }
        String userhashParam = params.get("userhash");
        boolean userhash = userhashParam != null && userhashParam.equalsIgnoreCase("true");
        if (userhash && usernameStar != null) {
            return new Invalid("username* with userhash");
        }
        Optional<String> qop = Optional.ofNullable(params.get("qop"));
        Optional<String> nc = Optional.ofNullable(params.get("nc"));
        Optional<String> cnonce = Optional.ofNullable(params.get("cnonce"));
        if (qop.isPresent() && (nc.isEmpty() || cnonce.isEmpty())) {
            return new Invalid("qop without nc or cnonce");
        }
        if (nc.isPresent() && !NC.matcher(nc.get()).matches()) {
            return new Invalid("nc is not 8 hex digits");
        }
        return new Parsed(new DigestCredentials(username, userhash, params.get("realm"), params.get("nonce"),
                params.get("uri"), params.get("response"), Optional.ofNullable(params.get("algorithm")), qop, nc,
                cnonce, Optional.ofNullable(params.get("opaque"))));
    }

    /** Decodes an RFC 8187 ext-value {@code UTF-8''percent-encoded}; only UTF-8 is accepted (RFC 7616 §3.4.4). */
    static Optional<String> decodeExtValue(String ext) {
        int first = ext.indexOf('\'');
        int second = first < 0 ? -1 : ext.indexOf('\'', first + 1);
        if (second < 0 || !ext.substring(0, first).toUpperCase(Locale.ROOT).equals("UTF-8")) {
            return Optional.empty();
        }
        String enc = ext.substring(second + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(enc.length());
        for (int i = 0; i < enc.length(); i++) {
            char c = enc.charAt(i);
            if (c == '%') {
                if (i + 2 >= enc.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(enc.charAt(i + 1), 16);
                int lo = Character.digit(enc.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return Optional.empty();
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return Optional.of(decoder.decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
