package io.vouch.sip.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, insertion-ordered parameter map whose names are stored lower-case and looked up
 * case-insensitively (RFC 3261 §7.3.1: parameter names are case-insensitive). A parameter without a
 * value maps to the empty string.
 */
public final class ParamMap extends AbstractMap<String, String> {
    public static final ParamMap EMPTY = new ParamMap(new String[0], 0);

    private final String[] kv;
    private final int size;

    private ParamMap(String[] kv, int size) {
        this.kv = kv;
        this.size = size;
    }

    /** Returns {@code m} normalized: already a ParamMap is returned as is, otherwise copied. */
    public static ParamMap of(Map<String, String> m) {
        if (m instanceof ParamMap p) {
            return p;
        }
        Objects.requireNonNull(m, "params");
        if (m.isEmpty()) {
            return EMPTY;
        }
        Builder b = new Builder();
        m.forEach(b::put);
        return b.build();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return index(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = index(key);
        return i < 0 ? null : kv[2 * i + 1];
    }

    private int index(Object key) {
        if (!(key instanceof String k)) {
            return -1;
        }
        for (int i = 0; i < size; i++) {
            if (kv[2 * i].equalsIgnoreCase(k)) {
                return i;
            }
        }
        return -1;
    }

    /** Returns a copy with {@code name} set to {@code value} (replacing in place or appending). */
    public ParamMap with(String name, String value) {
        Builder b = new Builder();
        boolean replaced = false;
        for (int i = 0; i < size; i++) {
            if (kv[2 * i].equalsIgnoreCase(name)) {
                if (!replaced) {
                    b.put(name, value);
                    replaced = true;
                }
            } else {
                b.put(kv[2 * i], kv[2 * i + 1]);
            }
        }
        if (!replaced) {
            b.put(name, value);
        }
        return b.build();
    }

    /** Returns a copy without {@code name}. */
    public ParamMap without(String name) {
        Builder b = new Builder();
        for (int i = 0; i < size; i++) {
            if (!kv[2 * i].equalsIgnoreCase(name)) {
                b.put(kv[2 * i], kv[2 * i + 1]);
            }
        }
        return b.build();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < size;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (i >= size) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> e = new SimpleImmutableEntry<>(kv[2 * i], kv[2 * i + 1]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Appends {@code ;name[=value]} for every entry. */
    public void appendTo(StringBuilder sb) {
        for (int i = 0; i < size; i++) {
            sb.append(';').append(kv[2 * i]);
            String v = kv[2 * i + 1];
            if (!v.isEmpty()) {
                sb.append('=').append(v);
            }
        }
    }

    /** Collects parameters in order; a repeated name keeps its first position and last value. */
    public static final class Builder {
        private String[] kv;
        private int size;

        public Builder put(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            String lower = Names.lower(name);
            for (int i = 0; i < size; i++) {
                if (kv[2 * i].equals(lower)) {
                    kv[2 * i + 1] = value;
                    return this;
                }
            }
            if (kv == null) {
                kv = new String[6];
            } else if (2 * size + 2 > kv.length) {
                kv = Arrays.copyOf(kv, kv.length * 2);
            }
            kv[2 * size] = lower;
            kv[2 * size + 1] = value;
            size++;
            return this;
        }

        /** Whether a parameter of this name (case-insensitive) was already put. */
        public boolean contains(String name) {
            String lower = Names.lower(name);
            for (int i = 0; i < size; i++) {
                if (kv[2 * i].equals(lower)) {
                    return true;
                }
            }
            return false;
        }

        public boolean isEmpty() {
            return size == 0;
        }

        public ParamMap build() {
            if (size == 0) {
                return EMPTY;
            }
            String[] owned = kv.length == 2 * size ? kv : Arrays.copyOf(kv, 2 * size);
            kv = null;
            size = 0;
            return new ParamMap(owned, owned.length / 2);
        }
    }
}
