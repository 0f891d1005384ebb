package io.vouch.loadtest.internal;

import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.Scenario;
import io.vouch.loadtest.TransportProtocol;
import io.vouch.loadtest.UserFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the load tester's command line into a validated {@link LoadTestConfig}; never throws on bad input. */
public final class CommandLine {

    /** The outcome of parsing: a run, a help request, or a message naming the bad option. */
    public sealed interface Parsed permits Run, Help, Invalid {
    }

    /** @param progress true/false when forced by --progress/--no-progress, empty to decide by terminal */
    public record Run(LoadTestConfig config, Optional<Boolean> progress) implements Parsed {
    }

    public record Help(String text) implements Parsed {
    }

    public record Invalid(String message) implements Parsed {
    }

    private record Option(String name, String arg, String help) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("--target", "HOST:PORT", "SIP target (default 127.0.0.1:5060, 127.0.0.1:5061 for tls); "
                    + "loopback only unless --allow-non-loopback"),
            new Option("--transport", "udp|tcp|tls|ws|wss", "SIP transport (default udp; ws and wss: RFC 7118, "
                    + "default ports 5066 and 7443)"),
            new Option("--scenario", "NAME", "options | register | invite-sign | invite-verify | cert-subscribe | mix "
                    + "(default options)"),
            new Option("--mix", "S=W,...", "scenario weights for mix, e.g. options=2,register=1,invite-sign=1 "
                    + "(default: all four, weight 1)"),
            new Option("--rate", "CALLS/S", "call rate; with --find-max the first step (default 100)"),
            new Option("--ramp", "DURATION", "rise linearly from 0 to the first rate first (warm-up; default 0)"),
            new Option("--duration", "DURATION", "length of a constant-rate run, ramp included (default 30s)"),
            new Option("--steps", "R1,R2,...", "run these rates one after another instead of --rate"),
            new Option("--step-duration", "DURATION", "length of each step (default 20s)"),
            new Option("--find-max", "", "step the rate up until a step fails (a failed call, retransmissions >= "
                    + "--max-retransmissions, or p99 > --max-p99) and report the highest passing rate"),
            new Option("--step-increment", "CALLS/S", "find-max without --steps: add this per step (default --rate)"),
            new Option("--max-rate", "CALLS/S", "find-max without --steps: last step (default 50000)"),
            new Option("--max-calls", "N", "never issue more calls than this (default 10000000)"),
            new Option("--users", "FILE", "users as user,password[,realm] lines (SIPp injection files work too)"),
            new Option("--algorithm", "NAME", "digest algorithm to answer with: MD5 | SHA-256 | SHA-512-256 "
                    + "(default MD5)"),
            new Option("--domain", "HOST", "domain of Request-URIs and AORs (default the target host)"),
            new Option("--out", "FILE", "write the result as JSON"),
            new Option("--html", "FILE", "write a self-contained HTML report"),
            new Option("--max-p99", "DURATION", "find-max: a step fails when p99 is above this (default 200ms)"),
            new Option("--max-retransmissions", "PERCENT", "find-max: a step fails at this retransmission "
                    + "percentage (default 0.5)"),
            new Option("--t1", "DURATION", "RFC 3261 T1 (default 500ms); transactions time out at 64*T1"),
            new Option("--t2", "DURATION", "RFC 3261 T2 (default 4s)"),
            new Option("--connections", "N", "tcp/tls: connections to spread calls over (default 1)"),
            new Option("--max-in-flight", "N", "calls in flight at once; more are counted not-sent (default 200000)"),
            new Option("--expires", "SECONDS", "REGISTER Expires (default 3600)"),
            new Option("--from-tn", "DIGITS", "first calling number of INVITEs (default 12025550100)"),
            new Option("--to-tn", "DIGITS", "first called number of INVITEs (default 12025560100)"),
            new Option("--tn-count", "N", "INVITEs cycle through this many numbers (default 100)"),
            new Option("--cert-server-port", "PORT", "invite-verify: HTTPS port serving the test certificate "
                    + "(default any free port)"),
            new Option("--pki-dir", "DIR", "invite-verify: keeps the test STI-CA; the system under test trusts "
                    + "DIR/ca.pem (default .vouch/loadtest-pki)"),
            new Option("--tls-ca", "FILE", "tls: verify the target's certificate with this PEM bundle "
                    + "(default: not verified; loopback only)"),
            new Option("--no-warm-up", "", "skip exercising the tool in memory before the run (default: warm up "
                    + "for up to 2 s, nothing is sent)"),
            new Option("--progress", "", "print the live progress line even when stderr is not a terminal"),
            new Option("--no-progress", "", "never print the progress line"),
            new Option("--allow-non-loopback", "", "allow a target outside 127.0.0.0/8 and ::1 (only systems "
                    + "you are allowed to load)"),
            new Option("--help", "", "this text"));

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private CommandLine() {
    }

    public static String help() {
        StringBuilder sb = new StringBuilder("""
                Usage: vouch-loadtest [options]

                Open-loop SIP load generator: issues calls at the intended rate whatever the responses do,
                measures latency from the intended send time (no coordinated omission), retransmits over UDP
                with RFC 3261 timers, and reports outcomes, response codes, achieved rate and percentiles.
                Durations: 500ms, 10s, 2m, 1h (a bare number is seconds).

                """);
        for (Option o : OPTIONS) {
            String left = "  " + o.name() + (o.arg().isEmpty() ? "" : " " + o.arg());
            sb.append(left);
            sb.append(left.length() < 32 ? " ".repeat(32 - left.length()) : "\n" + " ".repeat(32));
            sb.append(o.help()).append('\n');
        }
        sb.append("""

                Examples:
                  vouch-loadtest --scenario options --rate 1000 --duration 30s
                  vouch-loadtest --scenario register --users users.csv --algorithm SHA-256 --rate 500 --ramp 5s
                  vouch-loadtest --scenario invite-sign --transport tcp --find-max --rate 500 --step-increment 500 \\
                      --out result.json --html report.html

                Exit status: 0 all calls succeeded (find-max: a passing step was found), 1 otherwise,
                2 bad command line.
                """);
        return sb.toString();
    }

    public static Parsed parse(String[] args) {
        LoadTestConfig.Builder b = LoadTestConfig.builder();
        Optional<Boolean> progress = Optional.empty();
        String target = null;
        String scenario = "options";
        String mix = null;
        TransportProtocol transport = TransportProtocol.UDP;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            String n = name;
            Optional<Option> option = OPTIONS.stream().filter(o -> o.name().equals(n)).findFirst();
            if (option.isEmpty()) {
                return new Invalid("unknown option " + name + " (see --help)");
            }
            if (!option.get().arg().isEmpty() && value == null) {
                if (i + 1 >= args.length) {
                    return new Invalid(name + " needs a value " + option.get().arg());
                }
                value = args[++i];
            }
            Optional<String> problem = Optional.empty();
            switch (name) {
                case "--help" -> {
                    return new Help(help());
                }
                case "--target" -> target = value;
                case "--transport" -> {
                    Optional<TransportProtocol> t = TransportProtocol.parse(value);
                    if (t.isEmpty()) {
                        return new Invalid("--transport must be udp, tcp, tls, ws or wss");
                    }
                    transport = t.get();
                    b.transport(transport);
                }
                case "--scenario" -> scenario = value;
                case "--mix" -> mix = value;
                case "--rate" -> problem = number(name, value).map(v -> { b.rate(v); return null; }).err();
                case "--ramp" -> problem = duration(name, value).map(v -> { b.ramp(v); return null; }).err();
                case "--duration" -> problem = duration(name, value).map(v -> { b.duration(v); return null; }).err();
                case "--steps" -> {
                    List<Double> rates = new ArrayList<>();
                    for (String r : value.split(",")) {
                        Result<Double> parsed = number(name, r.strip());
                        if (parsed.error != null) {
                            return new Invalid(parsed.error);
                        }
                        rates.add(parsed.value);
                    }
                    b.steps(rates);
                }
                case "--step-duration" -> problem = duration(name, value)
                        .map(v -> { b.stepDuration(v); return null; }).err();
                case "--find-max" -> b.findMax(true);
                case "--step-increment" -> problem = number(name, value)
                        .map(v -> { b.stepIncrement(v); return null; }).err();
                case "--max-rate" -> problem = number(name, value).map(v -> { b.maxRate(v); return null; }).err();
                case "--max-calls" -> problem = integer(name, value).map(v -> { b.maxCalls(v); return null; }).err();
                case "--users" -> {
                    switch (UserFile.read(Path.of(value))) {
                        case UserFile.Loaded l -> b.users(l.users());
                        case UserFile.Invalid inv -> {
                            return new Invalid("--users: " + inv.reason());
                        }
                    }
                }
                case "--algorithm" -> b.algorithm(value.toUpperCase(Locale.ROOT));
                case "--domain" -> b.domain(value);
                case "--out" -> b.jsonOut(Path.of(value));
                case "--html" -> b.htmlOut(Path.of(value));
                case "--max-p99" -> problem = duration(name, value).map(v -> { b.maxP99(v); return null; }).err();
                case "--max-retransmissions" -> problem = number(name, value)
                        .map(v -> { b.maxRetransmissionRatio(v / 100); return null; }).err();
                case "--t1" -> problem = duration(name, value).map(v -> { b.t1(v); return null; }).err();
                case "--t2" -> problem = duration(name, value).map(v -> { b.t2(v); return null; }).err();
                case "--connections" -> problem = integer(name, value)
                        .map(v -> { b.connections((int) Math.min(v, Integer.MAX_VALUE)); return null; }).err();
                case "--max-in-flight" -> problem = integer(name, value)
                        .map(v -> { b.maxInFlight((int) Math.min(v, Integer.MAX_VALUE)); return null; }).err();
                case "--expires" -> problem = integer(name, value)
                        .map(v -> { b.expires((int) Math.min(v, Integer.MAX_VALUE)); return null; }).err();
                case "--from-tn" -> problem = integer(name, value).map(v -> { b.fromTn(v); return null; }).err();
                case "--to-tn" -> problem = integer(name, value).map(v -> { b.toTn(v); return null; }).err();
                case "--tn-count" -> problem = integer(name, value)
                        .map(v -> { b.tnCount((int) Math.min(v, Integer.MAX_VALUE)); return null; }).err();
                case "--cert-server-port" -> problem = integer(name, value).map(v -> {
                    b.certServerPort((int) Math.min(v, 65536));
                    return null;
                }).err();
                case "--pki-dir" -> b.pkiDir(Path.of(value));
                case "--tls-ca" -> b.tlsCa(Path.of(value));
                case "--no-warm-up" -> b.warmUp(false);
                case "--progress" -> progress = Optional.of(true);
                case "--no-progress" -> progress = Optional.of(false);
                case "--allow-non-loopback" -> b.allowNonLoopback(true);
                default -> {
                    return new Invalid("unhandled option " + name);
                }
            }
            if (problem.isPresent()) {
                return new Invalid(problem.get());
            }
        }
        Result<InetSocketAddress> address = target(target, transport);
        if (address.error != null) {
            return new Invalid(address.error);
        }
        b.target(address.value);
        Result<Map<Scenario, Integer>> scenarios = scenarios(scenario, mix);
        if (scenarios.error != null) {
            return new Invalid(scenarios.error);
        }
        b.mix(scenarios.value);
        Optional<String> problem = b.problem();
        if (problem.isPresent()) {
            return new Invalid(problem.get());
        }
        return new Run(b.build(), progress);
    }

    private record Result<T>(T value, String error) {
        static <T> Result<T> ok(T v) {
            return new Result<>(v, null);
        }

        static <T> Result<T> bad(String e) {
            return new Result<>(null, e);
        }

        <U> Result<U> map(java.util.function.Function<T, U> f) {
            return error == null ? new Result<>(f.apply(value), null) : new Result<>(null, error);
        }

        Optional<String> err() {
            return Optional.ofNullable(error);
        }
    }

    static Result<Duration> duration(String name, String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Result.bad(name + " expects a duration like 500ms, 10s, 2m: " + text);
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanos = switch (unit) {
            case "ms" -> v * 1e6;
            case "m" -> v * 60e9;
            case "h" -> v * 3600e9;
            default -> v * 1e9;
        };
        if (nanos > 7 * 24 * 3600e9) {
            return Result.bad(name + " is too long: " + text);
        }
        return Result.ok(Duration.ofNanos((long) nanos));
    }

    /** Parses a duration such as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or bare seconds. */
    public static Optional<Duration> parseDuration(String text) {
        Result<Duration> r = duration("duration", text);
        return Optional.ofNullable(r.value);
    }

    private static Result<Double> number(String name, String text) {
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v) || v < 0) {
                return Result.bad(name + " expects a non-negative number: " + text);
            }
            return Result.ok(v);
        } catch (NumberFormatException e) {
            return Result.bad(name + " expects a number: " + text);
        }
    }

    private static Result<Long> integer(String name, String text) {
        try {
            long v = Long.parseLong(text.strip());
            if (v < 0) {
                return Result.bad(name + " expects a non-negative integer: " + text);
            }
            return Result.ok(v);
        } catch (NumberFormatException e) {
            return Result.bad(name + " expects an integer: " + text);
        }
    }

    static Result<InetSocketAddress> target(String text, TransportProtocol transport) {
        int defaultPort = switch (transport) {
            case TLS -> 5061;
            case WS -> 5066;
            case WSS -> 7443;
            default -> 5060;
        };
        String host = "127.0.0.1";
        int port = defaultPort;
        if (text != null) {
            String t = text.strip();
            String portText = null;
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0) {
                    return Result.bad("--target: missing ] in " + text);
                }
                host = t.substring(1, close);
                if (t.length() > close + 1) {
                    if (t.charAt(close + 1) != ':') {
                        return Result.bad("--target: expected [v6]:port, got " + text);
                    }
                    portText = t.substring(close + 2);
                }
            } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
                host = t.substring(0, t.indexOf(':'));
                portText = t.substring(t.indexOf(':') + 1);
            } else {
                host = t;
            }
            if (portText != null) {
                try {
                    port = Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    return Result.bad("--target: bad port in " + text);
                }
                if (port < 1 || port > 65535) {
                    return Result.bad("--target: port out of range in " + text);
                }
            }
        }
        try {
            return Result.ok(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            return Result.bad("--target: cannot resolve " + host);
        }
    }

    static Result<Map<Scenario, Integer>> scenarios(String scenario, String mix) {
        Map<Scenario, Integer> weights = new EnumMap<>(Scenario.class);
        if (!scenario.equalsIgnoreCase("mix")) {
            if (mix != null) {
                return Result.bad("--mix needs --scenario mix");
            }
            Optional<Scenario> s = Scenario.fromCliName(scenario);
            if (s.isEmpty()) {
                return Result.bad("--scenario must be options, register, invite-sign, invite-verify, cert-subscribe or mix: "
                        + scenario);
            }
            weights.put(s.get(), 1);
            return Result.ok(weights);
        }
        String spec = mix != null ? mix : "options=1,register=1,invite-sign=1,invite-verify=1";
        for (String part : spec.split(",")) {
            String[] kv = part.strip().split("=");
            Optional<Scenario> s = Scenario.fromCliName(kv[0].strip());
            if (s.isEmpty() || kv.length != 2) {
                return Result.bad("--mix expects scenario=weight,...: " + part);
            }
            try {
                int w = Integer.parseInt(kv[1].strip());
                if (w < 0 || w > 1000) {
                    return Result.bad("--mix weights must be 0..1000: " + part);
                }
                if (w > 0) {
                    weights.put(s.get(), w);
                }
            } catch (NumberFormatException e) {
                return Result.bad("--mix weight is not an integer: " + part);
            }
        }
        return weights.isEmpty() ? Result.bad("--mix has no positive weight") : Result.ok(weights);
    }
}
