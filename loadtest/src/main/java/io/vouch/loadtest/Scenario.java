package io.vouch.loadtest;

import java.util.Locale;
import java.util.Optional;

/** What one simulated call does, and what counts as its success (RFC 3261 §10, §22; RFC 8224 §4, §6). */
public enum Scenario {
    /** OPTIONS, expects 200. */
    OPTIONS("options"),
    /** REGISTER, expects 401, answers the digest challenge, expects 200. */
    REGISTER("register"),
    /** INVITE to be signed, answers a 407/401 challenge if one comes, expects 302 with an Identity header; ACKs. */
    INVITE_SIGN("invite-sign"),
    /** INVITE carrying an Identity header signed by the tool, expects 302 with verstat=TN-Validation-Passed; ACKs. */
    INVITE_VERIFY("invite-verify"),
    /**
     * SUBSCRIBE to the {@code certificate} event package as a fetch ({@code Expires: 0}, RFC 6665 §4.2.1.1, RFC 6072
     * §6), expects 200 and the NOTIFY with the state (answered 200).
     */
    CERT_SUBSCRIBE("cert-subscribe"),
    /**
     * A MESSAGE (RFC 3428) signed by the call's user and encrypted to the next user of the file (RFC 3261 §23), who is
     * registered with the tool's flow as contact, decrypts and verifies it and answers 200 (493 when it cannot
     * decrypt); expects that 200 back through Vouch's delivery.
     */
    MESSAGE("message");

    private final String cliName;

    Scenario(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Optional<Scenario> fromCliName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Scenario s : values()) {
            if (s.cliName.equals(n)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
