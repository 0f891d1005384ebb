package io.vouch.identity.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class EcdsaSignaturesTest {
    @Test
    void convertsRealSignaturesBothWays() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        for (int i = 0; i < 200; i++) {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(kp.getPrivate());
            s.update(new byte[] {(byte) i});
            byte[] der = s.sign();
            byte[] jose = EcdsaSignatures.derToJose(der, 32).orElseThrow();
            assertEquals(64, jose.length);
            assertArrayEquals(der, EcdsaSignatures.joseToDer(jose).orElseThrow());
            Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
            p1363.initVerify(kp.getPublic());
            p1363.update(new byte[] {(byte) i});
            assertTrue(p1363.verify(jose), "R||S must be the IEEE P1363 form");
        }
    }

    @Test
    void rejectsMalformedDer() {
        assertTrue(EcdsaSignatures.derToJose(new byte[] {0x30, 0x02, 0x02, 0x00}, 32).isEmpty());
        assertTrue(EcdsaSignatures.derToJose(new byte[] {0x31, 6, 2, 1, 1, 2, 1, 1, 0, 0}, 32).isEmpty());
        byte[] tooLong = new byte[2 + 2 + 34 + 2 + 1];
        tooLong[0] = 0x30;
        tooLong[1] = (byte) (tooLong.length - 2);
        tooLong[2] = 0x02;
        tooLong[3] = 34;
        tooLong[4] = 0x01;
        tooLong[38] = 0x02;
        tooLong[39] = 1;
        tooLong[40] = 1;
        assertTrue(EcdsaSignatures.derToJose(tooLong, 32).isEmpty(), "r wider than the curve");
        assertTrue(EcdsaSignatures.joseToDer(new byte[63]).isEmpty());
    }
}
