package io.vouch.identity;

import io.vouch.identity.internal.fetch.CertificateFetcher;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of certificate input (RFC 8226 §9 TNAuthList, RFC 5280): a TNAuthList DER value parses
 * or is empty without throwing and re-encodes to a value that parses equal; a fetched certificate body (PEM or DER)
 * yields a chain or nothing, and each certificate's TNAuthList is read without throwing.
 */
class TnAuthListFuzzTest {
    @FuzzTest
    void readsEveryTnAuthListAndCertificate(FuzzedDataProvider data) {
        byte[] der = data.consumeBytes(data.consumeInt(0, 1024));
        Optional<TnAuthList> list = TnAuthList.parse(der);
        list.ifPresent(l -> assertEquals(list, TnAuthList.parse(l.toDer()), "parse -> encode -> parse"));
        for (X509Certificate cert : CertificateFetcher.parseChain(data.consumeRemainingAsBytes())) {
            TnAuthList.from(cert);
        }
    }
}
