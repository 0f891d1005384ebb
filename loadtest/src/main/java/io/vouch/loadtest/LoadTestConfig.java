package io.vouch.loadtest;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one load-test run needs, validated: where to send (loopback only unless explicitly allowed), what,
 * how fast (an open-loop {@link RateProfile}), the bounds (profile duration and a maximum call count) and where the
 * reports go. Built with {@link #builder()}; the command line maps one flag to one builder method.
 *
 * @param target                 SIP target (the edge)
 * @param scenarios              scenario → weight; one entry for a single scenario, several for a mix
 * @param profile                intended call rate over time
 * @param maxCalls               hard bound on calls issued
 * @param findMax                stop at the first failing step and report the highest passing step's rate
 * @param algorithm              digest algorithm to pick among offered challenges (MD5, SHA-256, SHA-512-256)
 * @param domain                 host part of Request-URIs and AORs
 * @param t1                     RFC 3261 T1; Timer B/F fire at 64*T1
 * @param t2                     RFC 3261 T2 (cap of non-INVITE retransmission interval)
 * @param connections            TCP/TLS connections the calls are spread over
 * @param maxInFlight            calls in flight at once; beyond it calls are counted {@link Outcome#NOT_SENT}
 * @param certServerPort         HTTPS port serving the tool's certificate for invite-verify (0 = any free port)
 * @param pkiDir                 where the tool keeps its test STI-CA ({@code ca.pem} for the SUT's trust store)
 * @param tlsCa                  PEM bundle to verify the SUT's TLS certificate; empty = trust any (loopback only)
 * @param maxRetransmissionRatio step fails at or above this retransmission ratio (0.005 = 0.5 %)
 * @param maxP99                 step fails when its p99 response time is above this
 * @param expires                Expires of REGISTERs in seconds
 * @param fromTn                 first calling number for INVITEs (E.164 digits)
 * @param toTn                   first called number for INVITEs
 * @param tnCount                calls cycle through this many consecutive numbers from fromTn/toTn
 * @param warmUp                 exercise the tool in memory before the run so its own JIT warm-up is not measured
 */
public record LoadTestConfig(
        InetSocketAddress target,
        TransportProtocol transport,
        Map<Scenario, Integer> scenarios,
        RateProfile profile,
        long maxCalls,
        boolean findMax,
        List<SipUser> users,
        String algorithm,
        String domain,
        Optional<Path> jsonOut,
        Optional<Path> htmlOut,
        Duration t1,
        Duration t2,
        int connections,
        int maxInFlight,
        boolean progress,
        int certServerPort,
        Path pkiDir,
        Optional<Path> tlsCa,
        boolean allowNonLoopback,
        double maxRetransmissionRatio,
        Duration maxP99,
        int expires,
        long fromTn,
        long toTn,
        int tnCount,
        boolean warmUp) {

    /** Longest run the tool accepts. */
    public static final Duration MAX_DURATION = Duration.ofHours(6);
    /** Largest call count the tool accepts. */
    public static final long MAX_CALLS = 1_000_000_000L;

    public LoadTestConfig {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transport, "transport");
        scenarios = Map.copyOf(scenarios);
        users = List.copyOf(users);
        Optional<String> problem = problem(target, scenarios, profile, maxCalls, users, algorithm, t1, t2,
                connections, maxInFlight, allowNonLoopback, tnCount);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Timer B/F: how long a transaction waits for its final response (64*T1). */
    public Duration transactionTimeout() {
        return t1.multipliedBy(64);
    }

    private static Optional<String> problem(InetSocketAddress target, Map<Scenario, Integer> scenarios,
                                            RateProfile profile, long maxCalls, List<SipUser> users,
                                            String algorithm, Duration t1, Duration t2, int connections,
                                            int maxInFlight, boolean allowNonLoopback, int tnCount) {
        if (target.isUnresolved()) {
            return Optional.of("--target " + target.getHostString() + " does not resolve");
        }
        if (!target.getAddress().isLoopbackAddress() && !allowNonLoopback) {
            return Optional.of("--target " + target.getAddress().getHostAddress()
                    + " is not a loopback address; pass --allow-non-loopback to load a system you own");
        }
        if (scenarios.isEmpty() || scenarios.values().stream().anyMatch(w -> w <= 0)) {
            return Optional.of("--scenario/--mix needs at least one scenario with a positive weight");
        }
        if (profile.totalNanos() > MAX_DURATION.toNanos()) {
            return Optional.of("the run would last " + Duration.ofNanos(profile.totalNanos()) + ", over the "
                    + MAX_DURATION + " bound");
        }
        if (maxCalls <= 0 || maxCalls > MAX_CALLS) {
            return Optional.of("--max-calls must be between 1 and " + MAX_CALLS);
        }
        boolean needsUsers = scenarios.containsKey(Scenario.REGISTER);
        if (needsUsers && users.isEmpty()) {
            return Optional.of("the register scenario needs --users users.csv");
        }
        if (scenarios.containsKey(Scenario.MESSAGE) && users.size() < 2) {
            return Optional.of("the message scenario needs --users users.csv with at least two users");
        }
        if (!io.vouch.loadtest.internal.DigestAuthenticator.supports(algorithm)) {
            return Optional.of("--algorithm " + algorithm + " is not one of MD5, SHA-256, SHA-512-256");
        }
        if (t1.toMillis() < 1 || t2.compareTo(t1) < 0) {
            return Optional.of("--t1 must be >= 1ms and --t2 >= --t1");
        }
        if (connections < 1 || connections > 1000) {
            return Optional.of("--connections must be between 1 and 1000");
        }
        if (maxInFlight < 1) {
            return Optional.of("--max-in-flight must be >= 1");
        }
        if (tnCount < 1) {
            return Optional.of("--tn-count must be >= 1");
        }
        return Optional.empty();
    }

    /** Mutable builder with the command line's defaults; {@link #problem()} reports what {@link #build()} rejects. */
    public static final class Builder {
        private InetSocketAddress target = new InetSocketAddress("127.0.0.1", 5060);
        private TransportProtocol transport = TransportProtocol.UDP;
        private final Map<Scenario, Integer> scenarios = new EnumMap<>(Scenario.class);
        private double rate = 100;
        private Duration ramp = Duration.ZERO;
        private Duration duration = Duration.ofSeconds(30);
        private List<Double> steps = List.of();
        private Duration stepDuration = Duration.ofSeconds(20);
        private double stepIncrement;
        private double maxRate = 50_000;
        private long maxCalls = 10_000_000;
        private boolean findMax;
        private List<SipUser> users = List.of();
        private String algorithm = "MD5";
        private String domain;
        private Path jsonOut;
        private Path htmlOut;
        private Duration t1 = Duration.ofMillis(500);
        private Duration t2 = Duration.ofSeconds(4);
        private int connections = 1;
        private int maxInFlight = 200_000;
        private boolean progress;
        private int certServerPort;
        private Path pkiDir = Path.of(".vouch", "loadtest-pki");
        private Path tlsCa;
        private boolean allowNonLoopback;
        private double maxRetransmissionRatio = 0.005;
        private Duration maxP99 = Duration.ofMillis(200);
        private int expires = 3600;
        private long fromTn = 12025550100L;
        private long toTn = 12025560100L;
        private int tnCount = 100;
        private boolean warmUp = true;

        public Builder target(InetSocketAddress v) { target = v; return this; }
        public Builder transport(TransportProtocol v) { transport = v; return this; }
        public Builder scenario(Scenario s) { scenarios.clear(); scenarios.put(s, 1); return this; }
        public Builder mix(Map<Scenario, Integer> weights) { scenarios.clear(); scenarios.putAll(weights); return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder ramp(Duration v) { ramp = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder steps(List<Double> v) { steps = List.copyOf(v); return this; }
        public Builder stepDuration(Duration v) { stepDuration = v; return this; }
        public Builder stepIncrement(double v) { stepIncrement = v; return this; }
        public Builder maxRate(double v) { maxRate = v; return this; }
        public Builder maxCalls(long v) { maxCalls = v; return this; }
        public Builder findMax(boolean v) { findMax = v; return this; }
        public Builder users(List<SipUser> v) { users = List.copyOf(v); return this; }
        public Builder algorithm(String v) { algorithm = v; return this; }
        public Builder domain(String v) { domain = v; return this; }
        public Builder jsonOut(Path v) { jsonOut = v; return this; }
        public Builder htmlOut(Path v) { htmlOut = v; return this; }
        public Builder t1(Duration v) { t1 = v; return this; }
        public Builder t2(Duration v) { t2 = v; return this; }
        public Builder connections(int v) { connections = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        public Builder progress(boolean v) { progress = v; return this; }
        public Builder certServerPort(int v) { certServerPort = v; return this; }
        public Builder pkiDir(Path v) { pkiDir = v; return this; }
        public Builder tlsCa(Path v) { tlsCa = v; return this; }
        public Builder allowNonLoopback(boolean v) { allowNonLoopback = v; return this; }
        public Builder maxRetransmissionRatio(double v) { maxRetransmissionRatio = v; return this; }
        public Builder maxP99(Duration v) { maxP99 = v; return this; }
        public Builder expires(int v) { expires = v; return this; }
        public Builder fromTn(long v) { fromTn = v; return this; }
        public Builder toTn(long v) { toTn = v; return this; }
        public Builder tnCount(int v) { tnCount = v; return this; }
        public Builder warmUp(boolean v) { warmUp = v; return this; }

        /** Why {@link #build()} would fail, naming the option; empty when the settings are usable. */
        public Optional<String> problem() {
            if (!(rate > 0) || rate > 1_000_000) {
                return Optional.of("--rate must be > 0 and <= 1000000 calls/s");
            }
            if (steps.stream().anyMatch(r -> !(r > 0) || r > 1_000_000)) {
                return Optional.of("--steps rates must be > 0 and <= 1000000 calls/s");
            }
            if (duration.isNegative() || duration.isZero() || stepDuration.isNegative() || stepDuration.isZero()) {
                return Optional.of("--duration and --step-duration must be positive");
            }
            if (ramp.isNegative()) {
                return Optional.of("--ramp must not be negative");
            }
            if (steps.isEmpty() && !findMax && !ramp.isZero() && ramp.compareTo(duration) >= 0) {
                return Optional.of("--ramp must be shorter than --duration");
            }
            if (findMax && steps.isEmpty() && (stepIncrement < 0 || maxRate < rate)) {
                return Optional.of("--find-max needs --max-rate >= --rate and --step-increment >= 0");
            }
            List<Double> planned = plannedSteps();
            if (planned.size() > 1000) {
                return Optional.of("too many steps (" + planned.size() + "); raise --step-increment");
            }
            long totalNanos = planned.isEmpty() ? duration.toNanos()
                    : stepDuration.toNanos() * planned.size() + ramp.toNanos();
            if (totalNanos > MAX_DURATION.toNanos()) {
                return Optional.of("the run would last " + Duration.ofNanos(totalNanos) + ", over the "
                        + MAX_DURATION + " bound");
            }
            return LoadTestConfig.problem(target, scenarios.isEmpty() ? Map.of(Scenario.OPTIONS, 1) : scenarios,
                    profile(), maxCalls, users, algorithm, t1, t2, connections, maxInFlight, allowNonLoopback,
                    tnCount);
        }

        public LoadTestConfig build() {
            problem().ifPresent(p -> { throw new IllegalArgumentException(p); });
            Map<Scenario, Integer> mix = scenarios.isEmpty() ? Map.of(Scenario.OPTIONS, 1) : scenarios;
            String dom = domain != null ? domain : hostText(target);
            return new LoadTestConfig(target, transport, mix, profile(), maxCalls, findMax, users, algorithm, dom,
                    Optional.ofNullable(jsonOut), Optional.ofNullable(htmlOut), t1, t2, connections, maxInFlight,
                    progress, certServerPort, pkiDir, Optional.ofNullable(tlsCa),
                    allowNonLoopback, maxRetransmissionRatio, maxP99, expires, fromTn, toTn, tnCount, warmUp);
        }

        private List<Double> plannedSteps() {
            if (!steps.isEmpty()) {
                return steps;
            }
            if (!findMax) {
                return List.of();
            }
            double increment = stepIncrement > 0 ? stepIncrement : rate;
            List<Double> generated = new ArrayList<>();
            for (double r = rate; r <= maxRate + 1e-9 && generated.size() <= 1000; r += increment) {
                generated.add(r);
            }
            return generated;
        }

        private RateProfile profile() {
            List<Double> planned = plannedSteps();
            if (planned.isEmpty()) {
                return RateProfile.constant(rate, duration, ramp.compareTo(duration) >= 0 ? Duration.ZERO : ramp);
            }
            return RateProfile.steps(planned, stepDuration, ramp);
        }

        private static String hostText(InetSocketAddress a) {
            if (a.isUnresolved()) {
                return a.getHostString();
            }
            String h = a.getAddress().getHostAddress();
            return h.contains(":") ? "[" + h + "]" : h;
        }
    }
}
