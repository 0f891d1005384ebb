package io.vouch.loadtest.internal;

import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.RateProfile;
import io.vouch.loadtest.Scenario;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The open-loop core of a run, free of I/O and threads: on each {@link #tick()} it fires due timers and starts every
 * call whose intended time has come (however late the tick is), routes received messages to their transactions,
 * and in step mode stops issuing calls at the first failing step. Driven from one thread (the event loop).
 */
public final class LoadEngine {

    /** Chooses the flow a call uses (the UDP socket, or one of several connections). */
    @FunctionalInterface
    public interface FlowSelector {
        SipFlow flowFor(long callIndex);
    }

    private final LoadTestConfig config;
    private final RateScheduler scheduler;
    private final ScenarioMix mix;
    private final RunStats stats;
    private final TimerQueue timers = new TimerQueue();
    private final ClientTransactions transactions;
    private final CallEnvironment env;
    private final FlowSelector flows;
    private final LongSupplier clock;
    private final Map<Long, SimulatedCall> active = new HashMap<>();
    private final NotifyRouter notifies = new NotifyRouter();
    private final MessageRecipients recipients;
    private final boolean[] stepIssued;
    private final long drainNanos;
    private int issuingStep = Integer.MIN_VALUE;
    private long drainDeadline = -1;
    private String stopReason = "";
    private long stoppedAtNanos = -1;

    /**
     * @param clock nanoseconds since the run start (monotonic)
     */
    public LoadEngine(LoadTestConfig config, FlowSelector flows, IdentitySource identities, LongSupplier clock,
                      long seed) {
        this.config = config;
        this.flows = flows;
        this.clock = clock;
        this.scheduler = new RateScheduler(config.profile(), config.maxCalls());
        this.mix = new ScenarioMix(config.scenarios());
        this.stats = new RunStats(config.profile());
        this.stepIssued = new boolean[config.profile().stepCount()];
        long t1 = config.t1().toNanos();
        this.drainNanos = config.transactionTimeout().toNanos() + 2_000_000_000L;
        this.transactions = new ClientTransactions(timers, t1, config.t2().toNanos(),
                config.transactionTimeout().toNanos());
        this.recipients = new MessageRecipients(new SmimeUsers(config.domain()));
        this.env = new CallEnvironment(config, transactions, stats, new Ids(seed), new DigestAuthenticator(seed),
                identities, clock, this::callDone, notifies, timers, recipients);
    }

    public RunStats stats() {
        return stats;
    }

    public RateScheduler scheduler() {
        return scheduler;
    }

    /** Why issuing stopped early (step mode), or empty. */
    public String stopReason() {
        return stopReason;
    }

    /** True when no call is left to issue and none is in flight. */
    public boolean finished() {
        return !scheduler.hasNext() && active.isEmpty();
    }

    /** Fires due timers, issues due calls and judges finished steps. */
    public void tick() {
        long now = clock.getAsLong();
        timers.runDue(now);
        while (scheduler.hasNext() && scheduler.nextIntendedNanos() <= now) {
            issue(scheduler.nextIntendedNanos(), scheduler.nextStep(), now);
            scheduler.advance();
        }
        if (!scheduler.hasNext() && !scheduler.stopped() && issuingStep >= 0) {
            stepIssued[issuingStep] = true;
        }
        if (config.findMax()) {
            judgeSteps();
        }
        stats.roll(now);
        if (!scheduler.hasNext()) {
            if (drainDeadline < 0) {
                drainDeadline = now + drainNanos;
            } else if (now >= drainDeadline && !active.isEmpty()) {
                for (SimulatedCall c : active.values().toArray(SimulatedCall[]::new)) {
                    c.finish(Outcome.TIMEOUT);
                }
            }
        }
    }

    private void issue(long intended, int step, long now) {
        if (step != issuingStep) {
            if (issuingStep >= 0) {
                stepIssued[issuingStep] = true;
            }
            issuingStep = step;
        }
        long index = scheduler.issued();
        stats.callIssued(step, now);
        SimulatedCall call = create(index, intended, step);
        active.put(index, call);
        if (active.size() > config.maxInFlight()) {
            call.finish(Outcome.NOT_SENT);
            return;
        }
        call.start();
    }

    private SimulatedCall create(long index, long intended, int step) {
        SipFlow flow = flows.flowFor(index);
        Scenario scenario = mix.scenarioOf(index);
        return switch (scenario) {
            case OPTIONS -> new OptionsCall(env, flow, index, intended, step);
            case REGISTER -> new RegisterCall(env, flow, index, intended, step);
            case INVITE_SIGN -> new InviteCall(env, flow, index, intended, step, false);
            case INVITE_VERIFY -> new InviteCall(env, flow, index, intended, step, true);
            case CERT_SUBSCRIBE -> new CertSubscribeCall(env, flow, index, intended, step);
            case MESSAGE -> new MessageCall(env, flow, index, intended, step);
        };
    }

    private void callDone(SimulatedCall call, Outcome outcome) {
        active.remove(call.index());
        stats.callDone(call.step(), outcome, call.intendedNanos(), call.firstSentNanos(), clock.getAsLong());
        if (config.findMax() && outcome != Outcome.SUCCESS && call.step() != RateProfile.WARM_UP) {
            StepStats s = stats.step(call.step());
            if (!s.failedAlready()) {
                s.fail(outcome.label() + " call(s)");
            }
            stop("step " + (call.step() + 1) + " failed: " + outcome.label());
        }
    }

    private void judgeSteps() {
        for (StepStats s : stats.steps()) {
            if (!s.judged() && stepIssued[s.step()] && s.allDone()) {
                s.judge(config.maxRetransmissionRatio(), config.maxP99())
                        .ifPresent(why -> stop("step " + (s.step() + 1) + " failed: " + why));
            }
        }
    }

    private void stop(String reason) {
        if (!scheduler.stopped()) {
            scheduler.stop();
            stopReason = reason;
            stoppedAtNanos = clock.getAsLong();
        }
    }

    /** Judges every step whose calls were all issued and are done (at the end of any step run). */
    public void judgeFinishedSteps() {
        for (StepStats s : stats.steps()) {
            if (!s.judged() && stepIssued[s.step()] && s.allDone()) {
                s.judge(config.maxRetransmissionRatio(), config.maxP99());
            }
        }
    }

    /** Nanoseconds of the load profile that ran: all of it, or up to the moment step mode stopped issuing. */
    public long scheduledNanos() {
        long total = config.profile().totalNanos();
        return stoppedAtNanos < 0 ? total : Math.min(total, stoppedAtNanos);
    }

    /** A message received on {@code flow}: responses go to their transaction, stray ones are counted. */
    public void onMessage(SipMessage message, SipFlow flow) {
        long now = clock.getAsLong();
        switch (message) {
            case SipResponse response -> {
                if (!transactions.onResponse(response, now)) {
                    stats.stray();
                    if (response.cseq().method().equals("INVITE") && response.status() >= 300) {
                        stats.ackSent();
                        flow.send(SipRequests.ackFromResponse(flow, response), cause -> { });
                    }
                }
            }
            case SipRequest request -> {
                if (!notifies.route(request, flow) && !recipients.route(request, flow)) {
                    stats.unexpectedRequest();
                }
            }
        }
    }

    /** Input that did not decode as SIP. */
    public void onMalformed() {
        stats.malformed();
    }

    /** Calls in flight right now. */
    public int active() {
        return active.size();
    }

    /** Pending timer entries (diagnostics). */
    public int pendingTimers() {
        return timers.size();
    }
}
