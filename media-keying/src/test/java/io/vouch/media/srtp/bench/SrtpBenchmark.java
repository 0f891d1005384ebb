package io.vouch.media.srtp.bench;

import io.vouch.media.srtp.SrtpResult;
import io.vouch.media.srtp.SrtpSession;
import io.vouch.media.srtp.SrtpSuite;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SRTP protect followed by unprotect of one RTP packet with a 160-octet payload (G.711, 20 ms), one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpBenchmark {
    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String suite;

    private SrtpSession tx;
    private SrtpSession rx;
    private final byte[] plain = new byte[12 + 160];
    private final byte[] buf = new byte[12 + 160 + 16];
    private int seq;

    @Setup
    public void setUp() {
        SrtpSuite s = SrtpSuite.valueOf(suite);
        byte[] key = new byte[s.keyLength()];
        byte[] salt = new byte[s.saltLength()];
        Random r = new Random(1);
        r.nextBytes(key);
        r.nextBytes(salt);
        r.nextBytes(plain);
        plain[0] = (byte) 0x80;
        plain[1] = 0;
        tx = SrtpSession.create(s, key, salt);
        rx = SrtpSession.create(s, key, salt);
    }

    @Benchmark
    public int protectUnprotect() {
        System.arraycopy(plain, 0, buf, 0, plain.length);
        int s = seq++ & 0xFFFF;
        buf[2] = (byte) (s >>> 8);
        buf[3] = (byte) s;
        int n = tx.protectRtp(buf, 0, plain.length);
        SrtpResult r = rx.unprotectRtp(buf, 0, n);
        if (!(r instanceof SrtpResult.Unprotected u)) {
            throw new IllegalStateException("unprotect failed: " + r);
        }
        return u.length();
    }
}
