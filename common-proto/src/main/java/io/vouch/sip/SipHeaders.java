package io.vouch.sip;

import io.vouch.sip.internal.Chars;
import io.vouch.sip.internal.HeaderNames;
import io.vouch.sip.internal.HeaderParsers;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable, ordered header fields of a SIP message (RFC 3261 §7.3). Names match case-insensitively
 * and compact forms are expanded to the registered names (§7.3.3); each entry is one header line as
 * received or added. {@link #all} splits comma-separated list headers (§7.3.1) into their elements,
 * respecting quoted strings and angle brackets; headers whose values may contain unquoted commas
 * (Authorization, WWW-Authenticate, Date, Identity, unknown extensions...) are never split.
 */
public final class SipHeaders {
    private static final SipHeaders EMPTY = new SipHeaders(new String[0], new String[0], 0);

    private final String[] names;
    private final String[] values;
    private final int size;

    /** Trusted constructor: arrays are owned by the new instance, names canonical, values unfolded and trimmed. */
    SipHeaders(String[] names, String[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
    }

    public static SipHeaders empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder newBuilder() {
        Builder b = new Builder();
        b.names = Arrays.copyOf(names, Math.max(size + 4, 8));
        b.values = Arrays.copyOf(values, Math.max(size + 4, 8));
        b.size = size;
        return b;
    }

    /** The number of header lines. */
    public int size() {
        return size;
    }

    private static boolean same(String canonical, String stored) {
        return canonical == stored || canonical.equalsIgnoreCase(stored);
    }

    /** Whether at least one header line has this name (or its compact form). */
    public boolean contains(String name) {
        String n = HeaderNames.canonical(name);
        for (int i = 0; i < size; i++) {
            if (same(n, names[i])) {
                return true;
            }
        }
        return false;
    }

    /** The number of header lines with this name. */
    public int count(String name) {
        String n = HeaderNames.canonical(name);
        int c = 0;
        for (int i = 0; i < size; i++) {
            if (same(n, names[i])) {
                c++;
            }
        }
        return c;
    }

    /** The first value of this header: for list headers, the first element of the first line. */
    public Optional<String> first(String name) {
        String n = HeaderNames.canonical(name);
        for (int i = 0; i < size; i++) {
            if (same(n, names[i])) {
                if (HeaderNames.isList(n) && values[i].indexOf(',') >= 0) {
                    List<String> parts = new ArrayList<>(4);
                    HeaderParsers.splitList(values[i], parts);
                    if (parts.isEmpty()) {
                        continue;
                    }
                    return Optional.of(parts.get(0));
                }
                return Optional.of(values[i]);
            }
        }
        return Optional.empty();
    }

    /** Every value of this header in order, list headers split into elements. */
    public List<String> all(String name) {
        String n = HeaderNames.canonical(name);
        boolean list = HeaderNames.isList(n);
        List<String> out = null;
        for (int i = 0; i < size; i++) {
            if (same(n, names[i])) {
                if (out == null) {
                    out = new ArrayList<>(4);
                }
                if (list) {
                    HeaderParsers.splitList(values[i], out);
                } else {
                    out.add(values[i]);
                }
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /** Every header line with this name, unsplit. */
    public List<String> lines(String name) {
        String n = HeaderNames.canonical(name);
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (same(n, names[i])) {
                out.add(values[i]);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** All header lines in order as (canonical name, value) pairs. */
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]));
        }
        return Collections.unmodifiableList(out);
    }

    /** The name of line {@code i} (0-based). */
    public String name(int i) {
        Objects.checkIndex(i, size);
        return names[i];
    }

    /** The value of line {@code i} (0-based). */
    public String value(int i) {
        Objects.checkIndex(i, size);
        return values[i];
    }

    /**
     * Whether both hold the same lines in the same order once every line named {@code ignored} is left out
     * (messages compare this way for Content-Length, which the encoder derives from the body).
     */
    boolean sameExcept(SipHeaders other, String ignored) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < size && names[i].equals(ignored)) {
                i++;
            }
            while (j < other.size && other.names[j].equals(ignored)) {
                j++;
            }
            if (i == size || j == other.size) {
                return i == size && j == other.size;
            }
            if (!names[i].equalsIgnoreCase(other.names[j]) || !values[i].equals(other.values[j])) {
                return false;
            }
            i++;
            j++;
        }
    }

    int hashExcept(String ignored) {
        int h = 1;
        for (int i = 0; i < size; i++) {
            if (!names[i].equals(ignored)) {
                h = h * 31 + names[i].toLowerCase(Locale.ROOT).hashCode();
                h = h * 31 + values[i].hashCode();
            }
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SipHeaders h) || h.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!names[i].equalsIgnoreCase(h.names[i]) || !values[i].equals(h.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) {
            h = h * 31 + names[i].toLowerCase(Locale.ROOT).hashCode();
            h = h * 31 + values[i].hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(size * 32);
        for (int i = 0; i < size; i++) {
            sb.append(names[i]).append(": ").append(values[i]).append("\r\n");
        }
        return sb.toString();
    }

    /**
     * Collects header lines; names must be tokens and values must not contain CR or LF, nor another control
     * character outside a quoted-pair ({@link IllegalArgumentException} otherwise), so a built message can never
     * smuggle extra headers nor be refused by a decoder.
     */
    public static final class Builder {
        private String[] names = new String[16];
        private String[] values = new String[16];
        private int size;

        private Builder() {
        }

        private static String checkName(String name) {
            Objects.requireNonNull(name, "name");
            if (!Chars.isToken(name)) {
                throw new IllegalArgumentException("header name is not a token: " + name);
            }
            return HeaderNames.canonical(name);
        }

        private static String checkValue(String value) {
            Objects.requireNonNull(value, "value");
            if (Chars.hasLineBreak(value)) {
                throw new IllegalArgumentException("header value contains CR or LF");
            }
            if (Chars.hasBareControl(value)) {
                throw new IllegalArgumentException("header value contains a control character outside a quoted-pair");
            }
            return value.strip();
        }

        private void grow() {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
        }

        /** Appends a header line. */
        public Builder add(String name, Object value) {
            String n = checkName(name);
            String v = checkValue(String.valueOf(value));
            grow();
            names[size] = n;
            values[size] = v;
            size++;
            return this;
        }

        /** Inserts a header line before every other line with the same name (e.g. a new top Via). */
        public Builder addFirst(String name, Object value) {
            String n = checkName(name);
            String v = checkValue(String.valueOf(value));
            int at = size;
            for (int i = 0; i < size; i++) {
                if (same(n, names[i])) {
                    at = i;
                    break;
                }
            }
            grow();
            System.arraycopy(names, at, names, at + 1, size - at);
            System.arraycopy(values, at, values, at + 1, size - at);
            names[at] = n;
            values[at] = v;
            size++;
            return this;
        }

        /** Replaces every line of this name by one line at the position of the first (or at the end). */
        public Builder set(String name, Object value) {
            String n = checkName(name);
            String v = checkValue(String.valueOf(value));
            int first = -1;
            for (int i = 0; i < size; i++) {
                if (same(n, names[i])) {
                    first = i;
                    break;
                }
            }
            if (first < 0) {
                return add(n, v);
            }
            values[first] = v;
            names[first] = n;
            removeFrom(n, first + 1);
            return this;
        }

        /** Removes every line with this name. */
        public Builder remove(String name) {
            removeFrom(HeaderNames.canonical(Objects.requireNonNull(name, "name")), 0);
            return this;
        }

        /**
         * Removes the first element of the first line with this name, e.g. the top Via or Route, keeping the
         * remaining elements of that line; returns whether something was removed.
         */
        public boolean removeFirstValue(String name) {
            String n = HeaderNames.canonical(name);
            for (int i = 0; i < size; i++) {
                if (same(n, names[i])) {
                    List<String> parts = new ArrayList<>(4);
                    if (HeaderNames.isList(n)) {
                        HeaderParsers.splitList(values[i], parts);
                    }
                    if (parts.size() > 1) {
                        values[i] = String.join(", ", parts.subList(1, parts.size()));
                    } else {
                        System.arraycopy(names, i + 1, names, i, size - i - 1);
                        System.arraycopy(values, i + 1, values, i, size - i - 1);
                        size--;
                        names[size] = null;
                        values[size] = null;
                    }
                    return true;
                }
            }
            return false;
        }

        private void removeFrom(String n, int from) {
            int w = from;
            for (int r = from; r < size; r++) {
                if (!same(n, names[r])) {
                    names[w] = names[r];
                    values[w] = values[r];
                    w++;
                }
            }
            for (int i = w; i < size; i++) {
                names[i] = null;
                values[i] = null;
            }
            size = w;
        }

        /** Appends every line of {@code headers}. */
        public Builder addAll(SipHeaders headers) {
            for (int i = 0; i < headers.size; i++) {
                grow();
                names[size] = headers.names[i];
                values[size] = headers.values[i];
                size++;
            }
            return this;
        }

        public boolean contains(String name) {
            String n = HeaderNames.canonical(name);
            for (int i = 0; i < size; i++) {
                if (same(n, names[i])) {
                    return true;
                }
            }
            return false;
        }

        public SipHeaders build() {
            return size == 0 ? EMPTY : new SipHeaders(Arrays.copyOf(names, size), Arrays.copyOf(values, size), size);
        }
    }
}
