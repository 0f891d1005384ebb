package io.vouch.media.srtp.internal;

import static io.vouch.media.srtp.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.vouch.media.srtp.SrtpSuite;
import io.vouch.media.srtp.Vectors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {

    @Test
    void derivesRfc3711AppendixB3SessionKeys() {
        JsonObject v = Vectors.byId("rfc3711-B.3-kdf");
        byte[] key = hex(v.getJsonObject("inputs").getString("master_key"));
        byte[] salt = hex(v.getJsonObject("inputs").getString("master_salt"));
        JsonObject e = v.getJsonObject("expected");
        assertEquals(e.getString("label00_cipher_key_16").toLowerCase(), hex(KeyDerivation.prf(key, salt, 0, 16)));
        assertEquals(e.getString("label02_cipher_salt_14").toLowerCase(), hex(KeyDerivation.prf(key, salt, 2, 14)));
        assertEquals(e.getString("label01_auth_key_94").toLowerCase(), hex(KeyDerivation.prf(key, salt, 1, 94)));

        SessionKeys keys = KeyDerivation.derive(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key, salt, false);
        assertEquals(e.getString("label00_cipher_key_16").toLowerCase(), hex(keys.cipherKey()));
        assertEquals(e.getString("label02_cipher_salt_14").toLowerCase(), hex(keys.salt()));
        assertEquals(e.getString("label01_auth_key_first20_(HMAC-SHA1)").toLowerCase(), hex(keys.authKey()));
    }

    @Test
    void prfInputBlocksAreSaltXorLabelShiftedBySixteenBits() {
        JsonObject v = Vectors.byId("rfc3711-B.3-kdf");
        byte[] key = hex(v.getJsonObject("inputs").getString("master_key"));
        byte[] salt = hex(v.getJsonObject("inputs").getString("master_salt"));
        JsonObject e = v.getJsonObject("expected");
        for (int label : new int[] {0, 1, 2}) {
            byte[] block = hex(e.getString("aes_cm_input_label0" + label));
            // the PRF output equals AES-CM keystream started at the documented input block
            assertEquals(hex(KeyDerivation.aesCmKeystream(key, block, 32)), hex(KeyDerivation.prf(key, salt, label, 32)));
        }
    }

    @Test
    void derivesRfc6188Aes256AndAes192SessionKeys() {
        check("rfc6188-7.2-aes256-kdf", SrtpSuite.AES_256_CM_HMAC_SHA1_80, "label00_cipher_key_32");
        check("rfc6188-7.4-aes192-kdf", SrtpSuite.AES_192_CM_HMAC_SHA1_80, "label00_cipher_key_24");
    }

    private static void check(String id, SrtpSuite suite, String keyName) {
        JsonObject v = Vectors.byId(id);
        SessionKeys keys = KeyDerivation.derive(suite, hex(v.getJsonObject("inputs").getString("master_key")),
            hex(v.getJsonObject("inputs").getString("master_salt")), false);
        JsonObject e = v.getJsonObject("expected");
        assertEquals(e.getString(keyName), hex(keys.cipherKey()));
        assertEquals(e.getString("label02_cipher_salt_14"), hex(keys.salt()));
        assertEquals(e.getString("label01_auth_key_20"), hex(keys.authKey()));
    }

    @Test
    void aesCmKeystreamMatchesRfc3711AppendixB2() {
        JsonObject v = Vectors.byId("rfc3711-B.2-aes-cm-keystream");
        byte[] key = hex(v.getJsonObject("inputs").getString("session_key"));
        byte[] iv = hex(v.getJsonObject("expected").getString("counter_block_0"));
        assertEquals(v.getJsonObject("inputs").getString("session_salt_shifted"), v.getJsonObject("expected")
            .getString("counter_block_0"));
        byte[] stream = KeyDerivation.aesCmKeystream(key, iv, 0xFF02 * 16);
        assertEquals(v.getJsonObject("expected").getString("keystream_blocks_0_2").toLowerCase(),
            hex(Arrays.copyOfRange(stream, 0, 48)));
        assertEquals(v.getJsonObject("expected").getString("keystream_blocks_FEFF_FF01").toLowerCase(),
            hex(Arrays.copyOfRange(stream, 0xFEFF * 16, 0xFF02 * 16)));
    }

    @Test
    void aes256And192KeystreamsMatchRfc6188Section7() {
        for (String id : new String[] {"rfc6188-7.1-aes256-cm-keystream", "rfc6188-7.3-aes192-cm-keystream"}) {
            JsonObject v = Vectors.byId(id);
            byte[] stream = KeyDerivation.aesCmKeystream(hex(v.getJsonObject("inputs").getString("session_key")),
                hex(v.getJsonObject("inputs").getString("counter_block_0")), 32);
            assertEquals(v.getJsonObject("expected").getString("keystream_first32"), hex(stream), id);
        }
    }

    @Test
    void aesF8MatchesRfc3711AppendixB1() {
        JsonObject v = Vectors.byId("rfc3711-B.1-aes-f8");
        JsonObject in = v.getJsonObject("inputs");
        JsonObject e = v.getJsonObject("expected");
        byte[] key = hex(in.getString("key"));
        byte[] salt = hex(in.getString("salt"));
        byte[] iv = hex(e.getString("IV"));
        assertEquals(e.getString("key_mask_m"), hex(AesF8.keyMask(salt, 16)));
        byte[] header = hex(in.getString("rtp_header"));
        header[0] = 0;
        assertEquals(e.getString("IV"), hex(header) + in.getString("roc"));
        assertEquals(e.getString("IV_prime"), hex(AesF8.ivPrime(key, salt, iv)));
        byte[] cipher = AesF8.crypt(key, salt, iv, hex(in.getString("payload")));
        assertEquals(e.getString("ciphertext"), hex(cipher));
        assertEquals(in.getString("payload"), hex(AesF8.crypt(key, salt, iv, cipher)));
    }
}
