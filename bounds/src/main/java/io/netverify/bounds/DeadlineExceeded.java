package io.netverify.bounds;

/** Thrown inside a bound computation when its deadline passes; callers turn it into a sound fallback. */
final class DeadlineExceeded extends RuntimeException {
    DeadlineExceeded() {
        super("deadline passed", null, false, false);
    }

    /** Throws when a deadline (System.nanoTime; Long.MAX_VALUE for none) has passed. */
    static void check(long deadline) {
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
            throw new DeadlineExceeded();
        }
    }
}
