package io.netverify.bounds.relax;

import java.util.stream.IntStream;

/**
 * The rows of a backward step as a stream: rows are independent linear functions, so work on them
 * runs on all cores (ForkJoin common pool) unless it is too small to repay the hand-off.
 */
public final class Rows {
    /** Below this many multiply-adds in total a step stays on the calling thread. */
    private static final long PARALLEL_WORK = 1 << 15;

    private Rows() {
    }

    /** 0..rows-1, parallel when {@code rows * workPerRow} is large enough. */
    public static IntStream range(int rows, long workPerRow) {
        IntStream s = IntStream.range(0, rows);
        return rows * workPerRow >= PARALLEL_WORK ? s.parallel() : s;
    }
}
