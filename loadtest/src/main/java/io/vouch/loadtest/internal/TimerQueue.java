package io.vouch.loadtest.internal;

import java.util.PriorityQueue;

/**
 * Deadlines in nanoseconds of the run clock, fired by the engine's tick. Cancellation is lazy: a task checks
 * whether it is still wanted when it fires. Single-threaded.
 */
public final class TimerQueue {

    private record Entry(long deadline, long seq, Runnable task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long seq;

    public void schedule(long deadlineNanos, Runnable task) {
        queue.add(new Entry(deadlineNanos, seq++, task));
    }

    /** Runs every task due at {@code nowNanos}, in deadline order; returns how many ran. */
    public int runDue(long nowNanos) {
        int ran = 0;
        while (!queue.isEmpty() && queue.peek().deadline() <= nowNanos) {
            queue.poll().task().run();
            ran++;
        }
        return ran;
    }

    public int size() {
        return queue.size();
    }
}
