package io.vouch.sdp;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable session description (RFC 8866 §5): the session-level lines from {@code v=} up to the first
 * {@code m=}, the media descriptions, and any blank lines that trailed the last line. Values keep the bytes of the
 * wire in {@code charset} (UTF-8, or ISO-8859-1 when the input was not UTF-8), so {@link SdpEncoder} reproduces
 * decoded input exactly.
 */
public record SessionDescription(List<SdpLine> sessionLines, List<MediaDescription> media, String trailer,
                                 Charset charset) {
    public SessionDescription {
        sessionLines = List.copyOf(sessionLines);
        media = List.copyOf(media);
        Objects.requireNonNull(trailer, "trailer");
        Objects.requireNonNull(charset, "charset");
        if (sessionLines.size() < 3 || sessionLines.get(0).type() != 'v' || sessionLines.get(1).type() != 'o'
            || sessionLines.get(2).type() != 's') {
            throw new IllegalArgumentException("a session description starts with v=, o= and s=");
        }
    }

    /** The origin; present on every decoded description. */
    public Optional<Origin> origin() {
        return Origin.parse(sessionLines.get(1).value());
    }

    public String sessionName() {
        return sessionLines.get(2).value();
    }

    /** Session-level connection data. */
    public Optional<Connection> connection() {
        return sessionLines.stream().filter(l -> l.type() == 'c').findFirst().flatMap(l -> Connection.parse(l.value()));
    }

    /** Session-level attributes in order. */
    public List<SdpAttribute> attributes() {
        return sessionLines.stream().flatMap(l -> l.attribute().stream()).toList();
    }

    /** Session-level attributes named {@code name}, in order. */
    public List<SdpAttribute> attributes(String name) {
        return attributes().stream().filter(a -> a.is(name)).toList();
    }

    /** Every attribute named {@code name} at session level and in every media description. */
    public boolean hasAttributeAnywhere(String name) {
        return !attributes(name).isEmpty() || media.stream().anyMatch(m -> !m.attributes(name).isEmpty());
    }

    /** A copy with media description {@code index} replaced. */
    public SessionDescription withMedia(int index, MediaDescription replacement) {
        List<MediaDescription> copy = new ArrayList<>(media);
        copy.set(index, replacement);
        return new SessionDescription(sessionLines, copy, trailer, charset);
    }

    /** A copy without attributes named {@code name}, at session level and in every media description. */
    public SessionDescription withoutAttributes(String name) {
        List<SdpLine> kept = sessionLines.stream()
            .filter(l -> !(l.type() == 'a' && l.attribute().map(a -> a.is(name)).orElse(false))).toList();
        return new SessionDescription(kept, media.stream().map(m -> m.withoutAttributes(name)).toList(), trailer,
            charset);
    }
}
