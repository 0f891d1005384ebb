package io.vouch.edge.internal;

import io.vouch.proto.Topics;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.SharedKeys;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipUri;
import io.vouch.sip.Uri;
import io.vouch.sip.digest.ChallengeHeaders;
import io.vouch.sip.digest.StatelessNonce;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.spec.SecretKeySpec;

/**
 * Answers at the edge the digest challenge (RFC 3261 §22.1, §22.4) that the auth stage would send to a request
 * bearing no Digest credentials: the nonce is stateless (the shared {@link StatelessNonce} format under the shared
 * {@code auth.nonce.keys}), so only requests with credentials need to cross the bus. It reads the auth stage's own
 * keys ({@code auth.realms}, {@code auth.algorithms}, {@code auth.qop}, {@code auth.userhash.enabled},
 * {@code auth.trusted.peers}, {@code auth.route.*}) so both make the same decision and write the same headers.
 */
public final class EdgeChallenger {
    /** A challenge to send: status, reason and the challenge header values. */
    public record Answer(int status, String reason, String header, List<String> values) {
    }

    private static final Set<String> ROUTED_BY_DEFAULT = Set.of("REGISTER", "OPTIONS", "INVITE", "PUBLISH",
            "SUBSCRIBE");

    /**
     * What the auth stage's keys say about challenges.
     *
     * @param realms       {@code auth.realms}, lower-case; the first is the default realm
     * @param algorithms   {@code auth.algorithms}, canonical tokens in preference order
     * @param qop          {@code auth.qop}, comma-joined in offer order
     * @param userhash     {@code auth.userhash.enabled}
     * @param trustedPeers {@code auth.trusted.peers}: peer identities auth lets through unchallenged
     * @param routed       methods auth routes onwards ({@code auth.route.*} over the defaults)
     * @param keyId        the id of the current {@code auth.nonce.keys} key
     */
    public record Settings(List<String> realms, List<String> algorithms, String qop, boolean userhash,
                           Set<String> trustedPeers, Set<String> routed, int keyId, byte[] secret) {
        public Settings {
            realms = List.copyOf(realms);
            algorithms = List.copyOf(algorithms);
            trustedPeers = Set.copyOf(trustedPeers);
            routed = Set.copyOf(routed);
            secret = secret.clone();
        }

        @Override
        public String toString() {
            return "Settings[realms=" + realms + ", algorithms=" + algorithms + ", qop=" + qop + ", keyId=" + keyId
                    + ", secret=<redacted>]";
        }
    }

    private final Settings settings;
    private final SecretKeySpec key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public EdgeChallenger(Settings settings, Clock clock) {
        this.settings = settings;
        this.key = new SecretKeySpec(settings.secret(), "HmacSHA256");
        this.clock = clock;
    }

    /**
     * The challenger {@code edge.challenge.local} ({@code mode}) asks for: {@code auto} (the default) challenges
     * locally when {@code auth.nonce.keys} is configured, {@code true} requires it, {@code false} leaves every
     * challenge to auth; {@code auth} holds the auth stage's keys, read with their shared declaration.
     */
    public static Optional<Settings> settings(String mode, Config auth) {
        List<String> keys = auth.getList(SharedKeys.AUTH_NONCE_KEYS);
        switch (mode) {
            case "false" -> {
                return Optional.empty();
            }
            case "auto" -> {
                if (keys.isEmpty()) {
                    return Optional.empty();
                }
            }
            case "true" -> {
                if (keys.isEmpty()) {
                    throw new IllegalArgumentException("invalid value for edge.challenge.local: true needs "
                            + "auth.nonce.keys (the keys the auth stage uses)");
                }
            }
            default -> throw new IllegalArgumentException("invalid value for edge.challenge.local: " + mode);
        }
        String spec = keys.get(0);
        int colon = spec.indexOf(':');
        int id;
        byte[] secret;
        try {
            id = Integer.parseInt(spec.substring(0, Math.max(colon, 0)));
            secret = Base64.getDecoder().decode(spec.substring(colon + 1).replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value for auth.nonce.keys: must be id:base64secret");
        }
        if (id < 0 || id > 255 || secret.length < 32) {
            throw new IllegalArgumentException("invalid value for auth.nonce.keys: id 0..255, secret >= 32 bytes");
        }
        List<String> realms = auth.getList(SharedKeys.AUTH_REALMS).stream()
                .map(r -> r.toLowerCase(Locale.ROOT)).distinct().toList();
        List<String> algorithms = new ArrayList<>();
        for (String t : auth.getList(SharedKeys.AUTH_ALGORITHMS)) {
            String a = ChallengeHeaders.algorithm(t).orElseThrow(() ->
                    new IllegalArgumentException("invalid value for auth.algorithms: " + t));
            if (!algorithms.contains(a)) {
                algorithms.add(a);
            }
        }
        Set<String> qops = new TreeSet<>();
        for (String t : auth.getList(SharedKeys.AUTH_QOP)) {
            qops.add(t.toLowerCase(Locale.ROOT));
        }
        String qop = String.join(",", ChallengeHeaders.QOPS.stream().filter(qops::contains).toList());
        Set<String> routed = new TreeSet<>(ROUTED_BY_DEFAULT);
        auth.family(SharedKeys.AUTH_ROUTE).forEach((method, topic) -> {
            if (topic.isEmpty() || topic.equals("none")) {
                routed.remove(method.toUpperCase(Locale.ROOT));
            } else {
                routed.add(method.toUpperCase(Locale.ROOT));
            }
        });
        return Optional.of(new Settings(realms, algorithms, qop, auth.getBoolean(SharedKeys.AUTH_USERHASH),
                new TreeSet<>(auth.getList(SharedKeys.AUTH_TRUSTED_PEERS)), routed, id, secret));
    }

    /**
     * The challenge the auth stage would answer {@code r} with, when {@code r} (bound for the auth topic) carries no
     * Digest credentials; empty when auth must see it: credentials offered, a trusted peer, a method auth does not
     * route (it answers 501), or ACK/CANCEL (never challenged, RFC 3261 §22.1).
     */
    public Optional<Answer> challenge(SipRequest r, String peerIdentity, String topic) {
        String method = r.method();
        if (!Topics.AUTH.equals(topic) || method.equals("ACK") || method.equals("CANCEL") || !settings.routed().contains(method)
                || (!peerIdentity.isEmpty() && settings.trustedPeers().contains(peerIdentity))) {
            return Optional.empty();
        }
        boolean register = method.equals("REGISTER");
        List<AuthHeader> offered = register ? r.authorizations() : r.proxyAuthorizations();
        for (AuthHeader h : offered) {
            if (h.digest()) {
                return Optional.empty();
            }
        }
        Uri target = register ? r.to().uri() : r.requestUri();
        String realm = realmFor(target instanceof SipUri s ? s.host() : null);
        String nonce = StatelessNonce.mint(settings.keyId(), key, realm, clock.millis(), random);
        return Optional.of(new Answer(register ? 401 : 407,
                register ? "Unauthorized" : "Proxy Authentication Required", ChallengeHeaders.challengeHeader(method),
                ChallengeHeaders.values(realm, nonce, settings.algorithms(), settings.qop(), false,
                        settings.userhash())));
    }

    private String realmFor(String host) {
        if (host != null) {
            String h = host.toLowerCase(Locale.ROOT);
            if (settings.realms().contains(h)) {
                return h;
            }
        }
        return settings.realms().get(0);
    }
}
