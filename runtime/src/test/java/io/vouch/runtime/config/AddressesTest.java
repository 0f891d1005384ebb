package io.vouch.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void writesIpLiteralsAsAFlowSourceIsWritten() {
        assertEquals("0:0:0:0:0:0:0:1", Addresses.canonical("::1"));
        assertEquals("0:0:0:0:0:0:0:1", Addresses.canonical(" [::1] "));
        assertEquals("2001:db8:0:0:0:0:0:7", Addresses.canonical("2001:DB8::7"));
        assertEquals("192.0.2.1", Addresses.canonical("192.0.2.1"));
        assertEquals("0:0:0:0:0:0:0:1", Addresses.canonical("0:0:0:0:0:0:0:1"));
    }

    @Test
    void keepsWhatIsNotAnIpLiteralAsWrittenWithoutResolvingIt() {
        assertEquals("sbc.example.net", Addresses.canonical(" sbc.example.net"));
        assertEquals("2001:db8:::1", Addresses.canonical("2001:db8:::1"));
        assertEquals(List.of("192.0.2.1", "0:0:0:0:0:0:0:1"), Addresses.canonical(List.of("192.0.2.1", "::1")));
    }
}
