package io.netverify.bab.lp;

/** When an engine's solves must stop: no deadline, or a {@link System#nanoTime} value. */
record SolveDeadline(boolean set, long nanos) {
    static final SolveDeadline NONE = new SolveDeadline(false, 0);

    static SolveDeadline at(long nanos) {
        return new SolveDeadline(true, nanos);
    }

    /** Milliseconds left (at least 1) for an engine's time limit; 0 when the deadline has passed. */
    long millisLeft() {
        long left = nanos - System.nanoTime();
        return left <= 0 ? 0 : Math.max(1, left / 1_000_000);
    }
}
