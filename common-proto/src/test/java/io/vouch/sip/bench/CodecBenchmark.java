package io.vouch.sip.bench;

import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.Via;
import io.vouch.sip.fixtures.SipFixture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode and decode+encode throughput of typical messages, one thread. Run with
 * {@code ./mvnw -q -pl common-proto -Pbench test-compile exec:exec} (see common-proto/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class CodecBenchmark {
    /** bench-invite: 1 KB INVITE with SDP; basic-register: REGISTER with digest credentials. */
    @Param({"bench/invite-1k.sip", "valid/basic-register.sip"})
    public String fixture;

    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private byte[] bytes;
    private SipMessage decoded;

    @Setup
    public void load() {
        bytes = SipFixture.load(fixture).bytes();
        if (!(decoder.decode(bytes) instanceof DecodeResult.Parsed p)) {
            throw new IllegalStateException("benchmark fixture does not decode: " + fixture);
        }
        decoded = p.message();
    }

    @Benchmark
    public DecodeResult decode() {
        return decoder.decode(bytes);
    }

    @Benchmark
    public byte[] decodeEncode() {
        return encoder.encode(((DecodeResult.Parsed) decoder.decode(bytes)).message());
    }

    /** What the edge does to each request it takes: fill in received and rport on the top Via (RFC 3581). */
    @Benchmark
    public SipRequest stampVia() {
        SipRequest r = (SipRequest) decoded;
        return r.withTopVia(r.topVia().withReceived("192.0.2.44").withRport(40001));
    }

    /** The same by rebuilding the request, which parses every typed header again (how the edge did it before). */
    @Benchmark
    public SipRequest stampViaByRebuild() {
        SipRequest r = (SipRequest) decoded;
        Via v = r.topVia().withReceived("192.0.2.44").withRport(40001);
        return r.newBuilder().removeFirstValue("Via").headerFirst("Via", v.toString()).build();
    }

    @Benchmark
    public byte[] encode() {
        return encoder.encode(decoded);
    }
}
