package io.vouch.sdp;

import io.vouch.sdp.internal.SdpSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A media description (RFC 8866 §5.14): the {@code m=} line followed by its {@code i= c= b= k= a=} lines in wire
 * order. {@code lines().get(0)} is the {@code m=} line.
 */
public record MediaDescription(List<SdpLine> lines) {
    public MediaDescription {
        lines = List.copyOf(lines);
        if (lines.isEmpty() || lines.get(0).type() != 'm' || MediaLine.parse(lines.get(0).value()).isEmpty()) {
            throw new IllegalArgumentException("a media description starts with a well-formed m= line");
        }
    }

    /** The parsed {@code m=} line. */
    public MediaLine media() {
        return MediaLine.parse(lines.get(0).value()).orElseThrow();
    }

    public Optional<Connection> connection() {
        return lines.stream().filter(l -> l.type() == 'c').findFirst().flatMap(l -> Connection.parse(l.value()));
    }

    /** Attributes in order. */
    public List<SdpAttribute> attributes() {
        return lines.stream().flatMap(l -> l.attribute().stream()).toList();
    }

    /** Attributes named {@code name}, in order. */
    public List<SdpAttribute> attributes(String name) {
        return attributes().stream().filter(a -> a.is(name)).toList();
    }

    /** A copy without the attributes named {@code name}. */
    public MediaDescription withoutAttributes(String name) {
        List<SdpLine> kept = new ArrayList<>();
        for (SdpLine l : lines) {
            if (!(l.type() == 'a' && l.attribute().map(a -> a.is(name)).orElse(false))) {
                kept.add(l);
            }
        }
        return new MediaDescription(kept);
    }

    /** A copy with {@code line} appended. */
    public MediaDescription with(SdpLine line) {
        List<SdpLine> copy = new ArrayList<>(lines);
        copy.add(line);
        return new MediaDescription(copy);
    }

    /**
     * {@code m=<media> <port>[/<count>] <proto> <fmt>...} (RFC 8866 §5.14).
     *
     * @param portCount number of ports after {@code /}, empty when absent
     */
    public record MediaLine(String media, int port, Optional<Integer> portCount, String proto, List<String> formats) {
        public MediaLine {
            Objects.requireNonNull(media, "media");
            Objects.requireNonNull(proto, "proto");
            formats = List.copyOf(formats);
        }

        /** Parses an {@code m=} value; empty when it does not follow the grammar. */
        public static Optional<MediaLine> parse(String value) {
            String[] f = SdpSyntax.fields(value, 4, Integer.MAX_VALUE);
            if (f == null || !SdpSyntax.isToken(f[0])) {
                return Optional.empty();
            }
            String port = f[1];
            Optional<Integer> count = Optional.empty();
            int slash = port.indexOf('/');
            if (slash >= 0) {
                String c = port.substring(slash + 1);
                if (!SdpSyntax.isDigits(c, 5) || Integer.parseInt(c) == 0) {
                    return Optional.empty();
                }
                count = Optional.of(Integer.parseInt(c));
                port = port.substring(0, slash);
            }
            if (!SdpSyntax.isDigits(port, 5) || Integer.parseInt(port) > 65535) {
                return Optional.empty();
            }
            for (String part : f[2].split("/", -1)) {
                if (!SdpSyntax.isToken(part)) {
                    return Optional.empty();
                }
            }
            List<String> fmts = List.of(f).subList(3, f.length);
            if (!fmts.stream().allMatch(SdpSyntax::isToken)) {
                return Optional.empty();
            }
            return Optional.of(new MediaLine(f[0], Integer.parseInt(port), count, f[2], fmts));
        }
    }
}
