package io.netverify.benchmarks.fuzz;

/**
 * One failed check of a fuzz case: {@code kind} names the class (e.g. {@code unsound-CROWN},
 * {@code nan-bound-IBP}, {@code evaluator-disagrees}, {@code wrong-unsat}); {@code point} is the
 * input that shows it (null when none); {@code atom} the VNN-LIB unsafe condition that the point
 * satisfies and the failing method claims impossible (null when none); {@code outputs} the
 * network's output count.
 */
public record Failure(FuzzCase fuzzCase, String kind, String detail, double[] point, String atom, int outputs) {
    static Failure of(FuzzCase c, String kind, String detail) {
        return new Failure(c, kind, detail, null, null, 1);
    }

    @Override
    public String toString() {
        return kind + " (" + fuzzCase.describe() + "): " + detail;
    }
}
