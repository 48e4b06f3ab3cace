package io.netverify.verifier.spec;

/**
 * Extra linear input constraints {@code A x <= b} of a case, from the (rare) comparisons between two
 * input variables such as {@code (<= X_0 X_1)}; they hold in addition to the case's box, which always
 * bounds every input on its own. Usually there are no rows. Arrays are shared: read only.
 */
public record InputConstraints(double[][] a, double[] b) {
    public InputConstraints {
        if (a.length != b.length) {
            throw new IllegalArgumentException("input constraints: " + a.length + " rows, " + b.length + " right-hand sides");
        }
    }

    public int rows() {
        return a.length;
    }

    public boolean isEmpty() {
        return a.length == 0;
    }

    /** Whether {@code A x <= b} holds, summed and compared exactly. */
    public boolean satisfiedBy(double[] x) {
        return isEmpty() || LinearRows.holds(a, Decimals.exact(b), x);
    }

    /** Whether {@code A x <= b} holds at every real point of the box {@code lower <= x <= upper}, compared exactly. */
    public boolean satisfiedOnBox(double[] lower, double[] upper) {
        return isEmpty() || LinearRows.holdsOnBox(a, Decimals.exact(b), lower, upper);
    }

    @Override
    public String toString() {
        return "InputConstraints[" + a.length + " rows]";
    }
}
