package io.vouch.cert.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vouch.proto.Flow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The values of the certificate service's state topics: an AOR's publications ({@code vouch.certificates}, one per
 * event package) and an AOR's subscriptions ({@code vouch.cert-subscriptions}). Versioned binary; an unreadable value
 * decodes to empty (counted by the loader), never an exception.
 */
public final class StateCodec {
    private static final byte PUBLICATIONS_V1 = 1;
    private static final byte SUBSCRIPTIONS_V1 = 2;
    private static final int MAX_ITEMS = 1_000_000;

    private StateCodec() {
    }

    public static byte[] encodePublications(List<Publication> pubs) {
        return write(out -> {
            out.writeByte(PUBLICATIONS_V1);
            out.writeInt(pubs.size());
            for (Publication p : pubs) {
                out.writeUTF(p.eventPackage());
                out.writeUTF(p.etag());
                out.writeUTF(p.contentType());
                bytes(out, p.body());
                out.writeLong(p.expiresAtMs());
                out.writeUTF(p.lastTransaction());
            }
        });
    }

    public static Optional<List<Publication>> decodePublications(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readByte() != PUBLICATIONS_V1) {
                return Optional.empty();
            }
            int n = count(in);
            List<Publication> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Publication(in.readUTF(), in.readUTF(), in.readUTF(), bytes(in), in.readLong(),
                        in.readUTF()));
            }
            return in.available() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static byte[] encodeSubscriptions(List<Subscription> subs) {
        return write(out -> {
            out.writeByte(SUBSCRIPTIONS_V1);
            out.writeInt(subs.size());
            for (Subscription s : subs) {
                out.writeUTF(s.eventPackage());
                out.writeUTF(s.eventId());
                out.writeUTF(s.callId());
                out.writeUTF(s.subscriberTag());
                out.writeUTF(s.ourTag());
                out.writeUTF(s.subscriberUri());
                out.writeUTF(s.remoteTarget());
                bytes(out, s.flow().toByteArray());
                out.writeLong(s.expiresAtMs());
                out.writeLong(s.notifyCseq());
                out.writeLong(s.lastCseq());
                out.writeUTF(s.lastTransaction());
            }
        });
    }

    public static Optional<List<Subscription>> decodeSubscriptions(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readByte() != SUBSCRIPTIONS_V1) {
                return Optional.empty();
            }
            int n = count(in);
            List<Subscription> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String pkg = in.readUTF();
                String id = in.readUTF();
                String callId = in.readUTF();
                String theirTag = in.readUTF();
                String ourTag = in.readUTF();
                String uri = in.readUTF();
                String target = in.readUTF();
                Flow flow = Flow.parseFrom(bytes(in));
                out.add(new Subscription(pkg, id, callId, theirTag, ourTag, uri, target, flow, in.readLong(),
                        in.readLong(), in.readLong(), in.readUTF()));
            }
            return in.available() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ITEMS) {
            throw new IOException("bad count " + n);
        }
        return n;
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new InvalidProtocolBufferException("bad length " + n);
        }
        return in.readNBytes(n);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buf)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }
}
