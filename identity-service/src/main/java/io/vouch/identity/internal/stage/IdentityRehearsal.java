package io.vouch.identity.internal.stage;

import io.vouch.identity.TnAuthList;
import io.vouch.identity.internal.crypto.Es256;
import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.PartyId;
import io.vouch.identity.internal.passport.Passport;
import io.vouch.identity.internal.passport.PassportClaims;
import io.vouch.identity.internal.passport.PassportHeader;
import io.vouch.identity.internal.passport.PassportToken;
import io.vouch.identity.internal.sign.PassportSigner;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipDate;
import io.vouch.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Synthetic SHAKEN-signed INVITEs for the identity stage's warm-up: signed with a P-256 key made for this process
 * only, whose stand-in TNAuthList covers the calling number, from documentation addresses (RFC 5737) and numbers
 * (NANP 555-01xx). A verification of one runs the whole per-call path except the certificate fetch.
 */
final class IdentityRehearsal {
    static final String ORIG_TN = "12025550100";
    static final String DEST_TN = "12025550199";
    private static final String X5U = "https://192.0.2.1/vouch-warmup.pem";
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            + "m=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private final KeyPair keys;
    private final Es256 es256 = new Es256(Security.getProvider("SunEC"));
    private final TnAuthList auth = new TnAuthList(List.of(), List.of(ORIG_TN), List.of());
    private final SipMessageDecoder decoder = new SipMessageDecoder();

    IdentityRehearsal() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 key generator in this JDK", e);
        }
    }

    PublicKey publicKey() {
        return keys.getPublic();
    }

    TnAuthList tnAuthList() {
        return auth;
    }

    /** A freshly signed INVITE as a verifier receives it, decoded as the stage decodes a record. */
    SipRequest invite(Instant now) {
        Passport p = new Passport(PassportHeader.es256(PassportHeader.PPT_SHAKEN, X5U),
                new PassportClaims(new PartyId.Tn(ORIG_TN), List.of(new PartyId.Tn(DEST_TN)), now.getEpochSecond(),
                        Optional.of(Attestation.A), Optional.of("00000000-0000-3000-8000-000000000000"),
                        Optional.empty(), Map.of()));
        PassportToken unsigned = PassportToken.unsigned(p);
        PassportToken signed = unsigned.withSignature(es256.sign(keys.getPrivate(), unsigned.signingInput()));
        String identity = PassportSigner.header(signed, PassportSigner.Form.FULL).format();
        String sip = "INVITE sip:+" + DEST_TN + "@192.0.2.2;user=phone SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-warmup;rport=5060;received=192.0.2.1\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+" + ORIG_TN + "@192.0.2.1;user=phone>;tag=warmup\r\n"
                + "To: <sip:+" + DEST_TN + "@192.0.2.2;user=phone>\r\n"
                + "Call-ID: warmup-" + now.toEpochMilli() + "@192.0.2.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:+" + ORIG_TN + "@192.0.2.1:5060>\r\n"
                + "Date: " + SipDate.format(now) + "\r\n"
                + "Identity: " + identity + "\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP;
        if (decoder.decode(sip.getBytes(StandardCharsets.UTF_8)) instanceof DecodeResult.Parsed d
                && d.message() instanceof SipRequest r) {
            return r;
        }
        throw new IllegalStateException("the synthetic INVITE does not decode");
    }
}
