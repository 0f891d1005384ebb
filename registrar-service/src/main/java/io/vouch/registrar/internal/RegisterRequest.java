package io.vouch.registrar.internal;

import io.vouch.proto.AuthAssertion;
import io.vouch.proto.Flow;
import io.vouch.sip.Contact;
import io.vouch.sip.NameAddr;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the registrar needs from one REGISTER (RFC 3261 §10.3): the AOR from To, the identity the auth stage
 * asserted, the transaction ids, the Contact values and Expires, and the RFC 3327 / RFC 5626 headers.
 *
 * @param aor       the {@code io.vouch.proto.Topics.aorKey} of the To URI
 * @param aorHost   the host of the To URI, lower-case
 * @param identity  what the auth stage asserted, empty when no stage vouched for the requester
 * @param supported option tags of Supported, lower-case
 * @param require   option tags of Require, lower-case
 * @param viaCount  how many Via values the request carries (1 = the UA is the registrar's first hop)
 */
public record RegisterRequest(String aor, String aorHost, Optional<AuthAssertion> identity, RequestId id,
                              List<Contact> contacts, OptionalLong expires, List<NameAddr> path,
                              Set<String> supported, Set<String> require, int viaCount, Flow flow) {
    public RegisterRequest {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(aorHost, "aorHost");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(flow, "flow");
        contacts = List.copyOf(contacts);
        path = List.copyOf(path);
        supported = Set.copyOf(supported);
        require = Set.copyOf(require);
    }

    /** Whether Contact is the single {@code *} (RFC 3261 §10.2.2). */
    public boolean wildcard() {
        return contacts.size() == 1 && contacts.get(0).wildcard();
    }
}
