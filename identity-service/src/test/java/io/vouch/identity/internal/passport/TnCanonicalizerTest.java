package io.vouch.identity.internal.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TnCanonicalizerTest {
    private final TnCanonicalizer nanp = TnCanonicalizer.nanp();
    private final TnCanonicalizer uk = new TnCanonicalizer("44", "0", 10, "00");

    @Test
    void stripsVisualSeparatorsAndTheLeadingPlus() {
        assertEquals(Optional.of("12155551212"), nanp.canonicalize("+1 (215) 555-1212"));
        assertEquals(Optional.of("12155551212"), nanp.canonicalize("+1.215.555.1212"));
    }

    @Test
    void addsTheCountryCodeToNationalNumbers() {
        assertEquals(Optional.of("12155551212"), nanp.canonicalize("2155551212"));
        assertEquals(Optional.of("12155551212"), nanp.canonicalize("1-215-555-1212"));
        assertEquals(Optional.of("442071234567"), uk.canonicalize("020 7123 4567"));
        assertEquals(Optional.of("33142685300"), uk.canonicalize("0033142685300"));
    }

    @Test
    void usesAGlobalPhoneContext() {
        assertEquals(Optional.of("12155551212"), nanp.fromUri("tel:5551212;phone-context=+1-215"));
    }

    @Test
    void readsTelAndSipUris() {
        assertEquals(Optional.of("12155551212"), nanp.fromUri("tel:+1-215-555-1212"));
        assertEquals(Optional.of("12155551212"), nanp.fromUri("sip:+12155551212@example.com;user=phone"));
        assertEquals(Optional.of("12155551212"), nanp.fromUri("<sips:%2B12155551212@example.com>"));
        assertEquals(Optional.of("12155551212"), nanp.fromUri("sip:2155551212;npdi@gw.example.com"));
    }

    @Test
    void refusesWhatIsNotATelephoneNumber() {
        assertEquals(Optional.empty(), nanp.fromUri("sip:alice@example.com"));
        assertEquals(Optional.empty(), nanp.canonicalize("*69"));
        assertEquals(Optional.empty(), nanp.canonicalize("1234567890123456"));
        assertEquals(Optional.empty(), nanp.canonicalize("12+34"));
        assertEquals(Optional.empty(), nanp.fromUri("mailto:a@b"));
    }
}
