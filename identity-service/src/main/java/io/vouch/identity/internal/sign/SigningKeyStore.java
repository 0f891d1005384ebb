package io.vouch.identity.internal.sign;

import io.vouch.identity.internal.crypto.KeyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing keys of an authentication service (RFC 8224 §6.1), reloaded without restart: {@link #refresh()}
 * re-reads a key whose files changed and swaps it in only once the new material loads and matches its
 * certificate; until then the previous key keeps signing. Thread-safe; reads are lock-free.
 */
public final class SigningKeyStore {
    private final List<SigningKeySpec> specs;
    private final Map<String, Stamp> stamps = new LinkedHashMap<>();
    private volatile Map<String, SigningKey> keys = Map.of();

    /** What a refresh did: keys (re)loaded, and keys whose new files failed (the old key stays in use). */
    public record Refresh(List<String> loaded, Map<String, String> failed) {
        public Refresh {
            loaded = List.copyOf(loaded);
            failed = Map.copyOf(failed);
        }
    }

    /** Content digests: modification times can miss a same-second rewrite of a same-size file. */
    private record Stamp(String keyDigest, String certDigest) {
    }

    public SigningKeyStore(List<SigningKeySpec> specs) {
        this.specs = List.copyOf(specs);
        long distinct = this.specs.stream().map(SigningKeySpec::id).distinct().count();
        if (distinct != this.specs.size()) {
            throw new IllegalArgumentException("signing key ids must be unique");
        }
    }

    /** Loads every key, failing with the reasons when any key cannot be read (use at start). */
    public static SigningKeyStore load(List<SigningKeySpec> specs) {
        SigningKeyStore store = new SigningKeyStore(specs);
        Refresh r = store.refresh();
        if (!r.failed().isEmpty()) {
            throw new IllegalArgumentException("signing keys failed to load: " + r.failed());
        }
        return store;
    }

    /** Reloads keys whose files changed since the last successful load. */
    public synchronized Refresh refresh() {
        List<String> loaded = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, SigningKey> next = new LinkedHashMap<>(keys);
        for (SigningKeySpec spec : specs) {
            Optional<Stamp> stamp = stamp(spec);
            if (stamp.isEmpty()) {
                failed.put(spec.id(), "key or certificate file unreadable");
                continue;
            }
            if (stamp.get().equals(stamps.get(spec.id())) && next.containsKey(spec.id())) {
                continue;
            }
            switch (KeyLoader.load(spec)) {
                case KeyLoader.Loaded l -> {
                    next.put(spec.id(), l.key());
                    stamps.put(spec.id(), stamp.get());
                    loaded.add(spec.id());
                }
                case KeyLoader.Failed f -> failed.put(spec.id(), f.reason());
            }
        }
        keys = Map.copyOf(next);
        return new Refresh(loaded, failed);
    }

    /** The key currently loaded under an id. */
    public Optional<SigningKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /**
     * Picks the key for a call: a key naming the customer first, else the longest number-range match on the
     * canonical calling number, else a default key.
     */
    public Optional<SigningKey> select(String origTn, Optional<String> customer) {
        Objects.requireNonNull(origTn, "origTn");
        Map<String, SigningKey> snapshot = keys;
        SigningKey best = null;
        int bestLen = -1;
        SigningKey fallback = null;
        for (SigningKeySpec spec : specs) {
            SigningKey k = snapshot.get(spec.id());
            if (k == null) {
                continue;
            }
            if (customer.isPresent() && spec.customers().contains(customer.get())) {
                return Optional.of(k);
            }
            int len = spec.matchLength(origTn);
            if (len > bestLen) {
                best = k;
                bestLen = len;
            }
            if (fallback == null && spec.isDefault()) {
                fallback = k;
            }
        }
        return Optional.ofNullable(bestLen >= 0 ? best : fallback);
    }

    private static Optional<Stamp> stamp(SigningKeySpec spec) {
        try {
            String cert = spec.certFile().isPresent() ? digest(spec.certFile().get()) : "";
            return Optional.of(new Stamp(digest(spec.keyFile()), cert));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String digest(Path p) throws IOException {
        if (Files.size(p) > (1 << 20)) {
            throw new IOException(p + " too large for a key file");
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
