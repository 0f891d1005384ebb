package io.vouch.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vouch.media.srtp.SrtpSuite;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SdesValidatorTest {
    static final SdesValidator V = new SdesValidator(MediaKeyingConfig.defaults());
    static final String KEY30 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    static String key(int octets, boolean padded) {
        byte[] b = new byte[octets];
        for (int i = 0; i < octets; i++) {
            b[i] = (byte) (i * 37 + 11);
        }
        return padded ? Base64.getEncoder().encodeToString(b) : Base64.getEncoder().withoutPadding().encodeToString(b);
    }

    static String refused(String value) {
        return assertInstanceOf(SdesValidator.Line.Refused.class, V.validate(value), value).reason();
    }

    static SdesValidator.Line.Valid valid(String value) {
        return assertInstanceOf(SdesValidator.Line.Valid.class, V.validate(value), value);
    }

    @Test
    void acceptsLifetimeTwoToTheThirtyOneAndDecimalLifetimes() {
        assertEquals(OptionalLong.of(1L << 31),
            valid("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|2^31").attribute().keys().get(0).lifetime());
        assertEquals(OptionalLong.of(1000),
            valid("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|1000|1:4").attribute().keys().get(0).lifetime());
        assertEquals("crypto lifetime out of range", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|2^49"));
        assertEquals("crypto lifetime out of range", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|0"));
    }

    @Test
    void acceptsAes256AndGcmKeysWithAndWithoutPadding() {
        for (boolean padded : new boolean[] {true, false}) {
            assertEquals(SrtpSuite.AES_256_CM_HMAC_SHA1_80,
                valid("1 AES_256_CM_HMAC_SHA1_80 inline:" + key(46, padded)).suite());
            assertEquals(SrtpSuite.AEAD_AES_128_GCM, valid("2 AEAD_AES_128_GCM inline:" + key(28, padded)).suite());
            assertEquals(SrtpSuite.AEAD_AES_256_GCM, valid("3 AEAD_AES_256_GCM inline:" + key(44, padded)).suite());
        }
        assertEquals("crypto key length wrong for suite", refused("1 AES_256_CM_HMAC_SHA1_80 inline:" + KEY30));
        assertEquals("crypto key not base64", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30.substring(3)));
        assertEquals("crypto key length wrong for suite", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30.substring(1)));
        assertEquals("crypto key not base64", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + key(30, true) + "="));
        assertEquals("crypto key not base64", refused("1 AES_CM_128_HMAC_SHA1_80 inline:PS1u*CVe"));
    }

    @Test
    void tagIsOneToNineDigits() {
        valid("123456789 AES_CM_128_HMAC_SHA1_32 inline:" + KEY30);
        assertEquals("crypto tag not 1-9 digits", refused("1234567890 AES_CM_128_HMAC_SHA1_32 inline:" + KEY30));
        assertEquals("crypto tag not 1-9 digits", refused("x AES_CM_128_HMAC_SHA1_32 inline:" + KEY30));
        assertEquals("crypto attribute incomplete", refused("1 AES_CM_128_HMAC_SHA1_32"));
    }

    @Test
    void refusesNullF8AndUnprotectedParametersByDefault() {
        assertEquals("crypto suite not allowed", refused("1 NULL_HMAC_SHA1_80 inline:" + KEY30));
        assertEquals("crypto suite not allowed", refused("1 F8_128_HMAC_SHA1_80 inline:" + KEY30));
        assertEquals("crypto suite not allowed", refused("1 AES_192_CM_HMAC_SHA1_80 inline:" + key(38, true)));
        for (String p : new String[] {"UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP"}) {
            assertEquals("unprotected SRTP parameter refused", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + " " + p));
        }
        SdesValidator lenient = new SdesValidator(MediaKeyingConfig.from(Map.of(
            MediaKeyingConfig.ALLOW_UNPROTECTED, "true")));
        assertInstanceOf(SdesValidator.Line.Valid.class,
            lenient.validate("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + " UNENCRYPTED_SRTCP"));
    }

    @Test
    void sessionParametersAreChecked() {
        valid("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + " KDR=24 WSH=128 FEC_ORDER=SRTP_FEC -FUTURE=1");
        assertEquals("crypto KDR malformed", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + " KDR=25"));
        assertEquals("crypto WSH malformed", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + " WSH=32"));
        assertEquals("crypto session parameter unknown", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + " FOO"));
    }

    @Test
    void mkiRules() {
        valid("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|2^20|255:1");
        assertEquals("crypto MKI malformed", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|2^20|256:1"));
        assertEquals("crypto MKI malformed", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|2^20|1:129"));
        assertEquals("crypto MKI malformed", refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|1:"));
        assertEquals("crypto MKI required with several keys",
            refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + ";inline:" + KEY30));
        assertEquals("crypto MKI values repeat",
            refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|1:4;inline:" + KEY30 + "|1:4"));
        assertEquals("crypto lifetime misplaced",
            refused("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|1:4|2^20"));
        assertEquals("crypto key method not inline", refused("1 AES_CM_128_HMAC_SHA1_80 uri:http://x"));
    }

    @Test
    void keysAreNotPrinted() {
        String text = valid("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30).attribute().toString();
        assertEquals(false, text.contains(KEY30));
        assertEquals(true, text.contains("30 octets"));
    }
}
