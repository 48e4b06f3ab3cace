package io.netverify.verifier.spec;

/**
 * One unsafe output region: the conjunction of linear constraints {@code C y <= d}. An output y inside
 * it (for an input of the case) is a counterexample. No rows means every output is unsafe. Arrays
 * are shared: read only.
 */
public record OutputPolytope(double[][] c, double[] d) {
    public OutputPolytope {
        if (c.length != d.length) {
            throw new IllegalArgumentException("output polytope: " + c.length + " rows, " + d.length + " right-hand sides");
        }
    }

    public int rows() {
        return c.length;
    }

    /** Whether y lies in the polytope, every row compared exactly with {@code <=}. */
    public boolean contains(double[] y) {
        return LinearRows.holds(c, d, y);
    }

    /**
     * max_i (C_i y - d_i): at most 0 when y is inside (unsafe), the worst violated row's excess
     * otherwise; negative infinity when there are no rows. An attack minimises it.
     */
    public double margin(double[] y) {
        return LinearRows.maxResidual(c, d, y);
    }

    @Override
    public String toString() {
        return "OutputPolytope[" + c.length + " rows]";
    }
}
