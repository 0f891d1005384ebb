package io.vouch.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SdpBodiesTest {
    static final String SDP = "v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n";

    static final String MIXED = "preamble\r\n"
        + "--unique-boundary-1\r\n"
        + "Content-Type: application/sdp\r\n"
        + "Content-Disposition: session\r\n"
        + "\r\n"
        + SDP
        + "\r\n--unique-boundary-1\r\n"
        + "Content-Type: application/resource-lists+xml\r\n"
        + "\r\n"
        + "<resource-lists/>\r\n"
        + "--unique-boundary-1--\r\n"
        + "epilogue";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPlainSdpBodyIsTheSdp() {
        SdpBodies.Located.Found f = assertInstanceOf(SdpBodies.Located.Found.class,
            SdpBodies.locate(Optional.of("application/SDP"), bytes(SDP)));
        assertEquals(SDP, new String(f.sdps().get(0), StandardCharsets.UTF_8));
        assertEquals(false, f.multipart());
    }

    @Test
    void multipartMixedPartsAreSplitAtTheBoundaryWithTheirHeaders() {
        ContentType ct = ContentType.parse("multipart/mixed;boundary=unique-boundary-1").orElseThrow();
        MultipartBody.Result.Parts parts = assertInstanceOf(MultipartBody.Result.Parts.class,
            MultipartBody.parse(ct, bytes(MIXED)));
        assertEquals(2, parts.parts().size());
        BodyPart first = parts.parts().get(0);
        assertEquals(Optional.of("session"), first.header("content-disposition"));
        assertEquals(SDP, new String(first.content(), StandardCharsets.UTF_8));
        assertEquals("<resource-lists/>", new String(parts.parts().get(1).content(), StandardCharsets.UTF_8));

        SdpBodies.Located.Found f = assertInstanceOf(SdpBodies.Located.Found.class,
            SdpBodies.locate(Optional.of("multipart/mixed; boundary=\"unique-boundary-1\""), bytes(MIXED)));
        assertEquals(List.of(SDP), f.sdps().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
    }

    @Test
    void nestedAlternativeIsSearchedAndLfOnlyBodiesWork() {
        String inner = "--in\nContent-Type: text/plain\n\nhello\n--in\nContent-Type: application/sdp\n\n" + SDP
            + "\n--in--\n";
        String outer = "--out\nContent-Type: multipart/alternative;boundary=in\n\n" + inner + "\n--out--";
        SdpBodies.Located.Found f = assertInstanceOf(SdpBodies.Located.Found.class,
            SdpBodies.locate(Optional.of("multipart/mixed;boundary=out"), bytes(outer)));
        assertEquals(SDP, new String(f.sdps().get(0), StandardCharsets.UTF_8));
    }

    @Test
    void bodiesWithoutSdpAreAbsent() {
        assertInstanceOf(SdpBodies.Located.Absent.class, SdpBodies.locate(Optional.empty(), new byte[0]));
        assertInstanceOf(SdpBodies.Located.Absent.class, SdpBodies.locate(Optional.of("text/plain"), bytes("hi")));
    }

    @Test
    void brokenMultipartIsMalformedWithAReason() {
        assertEquals("multipart boundary missing or invalid", malformed("multipart/mixed", MIXED));
        assertEquals("multipart boundary not found", malformed("multipart/mixed;boundary=zz", MIXED));
        assertEquals("multipart close delimiter missing",
            malformed("multipart/mixed;boundary=b", "--b\r\nContent-Type: application/sdp\r\n\r\n" + SDP));
        assertEquals("malformed multipart part headers",
            malformed("multipart/mixed;boundary=b", "--b\r\nno colon here\r\n\r\nx\r\n--b--"));
        assertEquals("malformed Content-Type", malformed("multipart/mixed;boundary=\"open", MIXED));
        assertEquals("multipart body without parts", malformed("multipart/mixed;boundary=b", "--b--"));
        String body = "x";
        for (int depth = 5; depth >= 1; depth--) {
            body = "--b" + depth + "\r\nContent-Type: multipart/mixed;boundary=b" + (depth + 1) + "\r\n\r\n" + body
                + "\r\n--b" + depth + "--";
        }
        assertEquals("multipart nested too deep", malformed("multipart/mixed;boundary=b1", body));
    }

    private static String malformed(String contentType, String body) {
        return assertInstanceOf(SdpBodies.Located.Malformed.class, SdpBodies.locate(Optional.of(contentType),
            bytes(body))).reason();
    }

    @Test
    void onlyAPlainSdpWithoutKeyingAttributesIsCertainlyUnkeyed() {
        Optional<String> sdp = Optional.of("application/sdp");
        Optional<String> none = Optional.empty();
        assertEquals(true, SdpBodies.certainlyUnkeyed(none, none, new byte[0]));
        assertEquals(true, SdpBodies.certainlyUnkeyed(sdp, none, bytes(SDP + "a=rtpmap:0 PCMU/8000\r\n")));
        assertEquals(true, SdpBodies.certainlyUnkeyed(Optional.of("Application/SDP; charset=utf-8"), none,
                bytes(SDP + "a=sendrecv\r\na=setupx:1\r\n")));
        for (String keyed : List.of("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:****", "a=fingerprint:sha-256 AB:CD",
                "a=setup:actpass", "a=tls-id:abc", "a=key-mgmt:mikey AQ", "A=CRYPTO:1 x", "a=Fingerprint:sha-1 00",
                " a=crypto:1 x", "a=crypto")) {
            assertEquals(false, SdpBodies.certainlyUnkeyed(sdp, none, bytes(SDP + keyed + "\n")), keyed);
        }
        // multipart, other types, encoded or untyped bodies are not known to be free of keys
        assertEquals(false, SdpBodies.certainlyUnkeyed(Optional.of("multipart/mixed;boundary=unique-boundary-1"), none,
                bytes(MIXED)));
        assertEquals(false, SdpBodies.certainlyUnkeyed(Optional.of("text/plain"), none, bytes("hi")));
        assertEquals(false, SdpBodies.certainlyUnkeyed(none, none, bytes(SDP)));
        assertEquals(false, SdpBodies.certainlyUnkeyed(sdp, Optional.of("gzip"), bytes(SDP)));
        assertEquals(false, SdpBodies.certainlyUnkeyed(Optional.of("application/"), none, bytes(SDP)));
    }
}
