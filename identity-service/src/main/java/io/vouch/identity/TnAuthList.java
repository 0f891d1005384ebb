package io.vouch.identity;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.ASN1EncodableVector;

/**
 * The TN Authorization List certificate extension (RFC 8226 §9, OID 1.3.6.1.5.5.7.1.26; range syntax as corrected
 * by RFC 9118): service provider codes, single numbers and number ranges a STIR certificate may sign for.
 */
public record TnAuthList(List<String> spcs, List<String> tns, List<Range> ranges) {
    /** The extension's object identifier. */
    public static final String OID = "1.3.6.1.5.5.7.1.26";
    private static final int MAX_ENTRIES = 10_000;

    /** {@code count} consecutive numbers starting at {@code start}, all of {@code start}'s length. */
    public record Range(String start, long count) {
        public Range {
            Objects.requireNonNull(start, "start");
            if (count < 1) {
                throw new IllegalArgumentException("range count must be positive");
            }
        }

        boolean covers(String tn) {
            if (tn.length() != start.length()) {
                return false;
            }
            BigInteger n = new BigInteger(tn);
            BigInteger lo = new BigInteger(start);
            return n.compareTo(lo) >= 0 && n.compareTo(lo.add(BigInteger.valueOf(count))) < 0;
        }
    }

    public TnAuthList {
        spcs = List.copyOf(spcs);
        tns = List.copyOf(tns);
        ranges = List.copyOf(ranges);
    }

    /** Whether the list names {@code tn} singly or in a range. */
    public boolean coversTn(String tn) {
        if (tns.contains(tn)) {
            return true;
        }
        for (Range r : ranges) {
            if (r.covers(tn)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the extension from a certificate: empty when absent or malformed. */
    public static Optional<TnAuthList> from(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(OID);
        if (ext == null) {
            return Optional.empty();
        }
        try {
            ASN1Primitive outer = ASN1Primitive.fromByteArray(ext);
            byte[] inner = ((ASN1OctetString) outer).getOctets();
            return parse(inner);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses the DER extension value ({@code TNAuthorizationList}); empty when malformed. */
    public static Optional<TnAuthList> parse(byte[] der) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (seq.size() == 0 || seq.size() > MAX_ENTRIES) {
                return Optional.empty();
            }
            List<String> spcs = new ArrayList<>();
            List<String> tns = new ArrayList<>();
            List<Range> ranges = new ArrayList<>();
            for (ASN1Encodable e : seq) {
                ASN1TaggedObject t = ASN1TaggedObject.getInstance(e);
                if (t.getTagClass() != BERTags.CONTEXT_SPECIFIC) {
                    return Optional.empty(); // TNEntry tags are context-specific [0], [1], [2]
                }
                ASN1Primitive body = t.getBaseObject().toASN1Primitive();
                switch (t.getTagNo()) {
                    case 0 -> spcs.add(string(body));
                    case 1 -> ranges.addAll(range(body));
                    case 2 -> {
                        String tn = string(body);
                        if (!isDigits(tn)) {
                            return Optional.empty();
                        }
                        tns.add(tn);
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(new TnAuthList(spcs, tns, ranges));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** DER encoding of this list with explicit tags, as RFC 8226's module defines. */
    public byte[] toDer() {
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (String spc : spcs) {
            v.add(new DERTaggedObject(true, 0, new DERIA5String(spc)));
        }
        for (Range r : ranges) {
            v.add(new DERTaggedObject(true, 1,
                    new DERSequence(new ASN1Encodable[] {new DERIA5String(r.start()), new ASN1Integer(r.count())})));
        }
        for (String tn : tns) {
            v.add(new DERTaggedObject(true, 2, new DERIA5String(tn)));
        }
        try {
            return new DERSequence(v).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String string(ASN1Primitive p) {
        if (p instanceof ASN1String s) {
            return s.getString();
        }
        throw new IllegalArgumentException("expected a string");
    }

    /**
     * A range is {@code SEQUENCE { start TelephoneNumber, count INTEGER }}; RFC 9118 also allows a sequence of
     * such ranges, read here too.
     */
    private static List<Range> range(ASN1Primitive p) {
        ASN1Sequence s = ASN1Sequence.getInstance(p);
        if (s.size() == 0) {
            throw new IllegalArgumentException("empty range list"); // RFC 9118: SEQUENCE SIZE (1..MAX)
        }
        List<Range> out = new ArrayList<>();
        if (s.size() == 2 && s.getObjectAt(0).toASN1Primitive() instanceof ASN1String) {
            out.add(oneRange(s));
            return out;
        }
        for (ASN1Encodable e : s) {
            out.add(oneRange(ASN1Sequence.getInstance(e)));
        }
        return out;
    }

    private static Range oneRange(ASN1Sequence s) {
        String start = string(s.getObjectAt(0).toASN1Primitive());
        BigInteger count = ASN1Integer.getInstance(s.getObjectAt(1)).getValue();
        if (!isDigits(start) || count.signum() <= 0 || count.bitLength() > 62) {
            throw new IllegalArgumentException("bad range");
        }
        return new Range(start, count.longValue());
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.length() <= 15 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
