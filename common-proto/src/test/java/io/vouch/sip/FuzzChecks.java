package io.vouch.sip;

/** Shared checks of the SIP fuzz targets. */
final class FuzzChecks {
    private FuzzChecks() {
    }

    /** Calls every typed accessor and formatter: none may throw on a decoded message. */
    static void touchEverything(SipMessage m) {
        m.callId();
        m.cseq();
        m.vias();
        m.topVia().toString();
        m.from().toString();
        m.to().tag();
        m.maxForwards();
        m.expires();
        m.contacts().forEach(c -> {
            c.expires();
            c.q();
            c.sipInstance();
            c.regId();
            c.toString();
        });
        m.routes().forEach(NameAddr::toString);
        m.recordRoutes();
        m.paths();
        m.supported();
        m.require();
        m.contentType();
        m.authorizations().forEach(AuthHeader::toString);
        m.proxyAuthorizations().forEach(AuthHeader::toString);
        m.wwwAuthenticates().forEach(AuthHeader::toString);
        m.proxyAuthenticates().forEach(AuthHeader::toString);
        m.identities();
        m.bodyText();
        if (m instanceof SipRequest req) {
            req.requestUri().toString();
            SipResponse.forRequest(req, 400, "Bad Request", "t").build();
        }
    }
}
