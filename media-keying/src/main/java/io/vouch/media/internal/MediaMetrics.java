package io.vouch.media.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Every media-keying meter, named and described once: offers by key-exchange kind, policy refusals by reason, and
 * the {@code mky} claims handed to identity. Tags are short constants only.
 */
public final class MediaMetrics {
    public static final String OFFERS = "vouch.media.offers";
    public static final String REFUSALS = "vouch.media.refusals";
    public static final String MKY = "vouch.media.mky";

    private final MeterRegistry registry;

    public MediaMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** An INVITE offer, by key exchange: {@code sdes}, {@code dtls}, {@code mikey} or {@code none}. */
    public void offer(String kind) {
        Counter.builder(OFFERS).description("INVITE offers seen by the media stage, by key-exchange kind")
                .tag("kind", kind).register(registry).increment();
    }

    /** An offer answered with an error instead of being forwarded, or a policy strip; {@code reason} is a tag. */
    public void refused(String reason) {
        Counter.builder(REFUSALS).description("Offers refused (or stripped) by media policy, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** An {@code mky} claim computed for the signer ({@code result=annotated}) or not needed ({@code none}). */
    public void mky(String result) {
        Counter.builder(MKY).description("mky claims handed to identity for signing, by result")
                .tag("result", result).register(registry).increment();
    }
}
