package io.vouch.loadtest.internal;

import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.Outcome;
import java.util.function.LongSupplier;

/** What every simulated call of a run shares: configuration, transactions, counters and identifiers. */
public record CallEnvironment(LoadTestConfig config, ClientTransactions transactions, RunStats stats, Ids ids,
                              DigestAuthenticator digest, IdentitySource identities, LongSupplier clock,
                              Completion completion, NotifyRouter notifies,
                              TimerQueue timers, MessageRecipients recipients) {

    /** Told when a call ends. */
    @FunctionalInterface
    public interface Completion {
        void done(SimulatedCall call, Outcome outcome);
    }

    public long now() {
        return clock.getAsLong();
    }
}
