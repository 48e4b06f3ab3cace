package io.netverify.verifier.spec;

import java.math.BigDecimal;

/**
 * One unsafe output region: the conjunction of linear constraints {@code C y <= exactD}, with the
 * file's constants kept exactly, and {@code d}: each of them rounded up to a double, the region a
 * proof must exclude (it contains the exact one). An output y inside the exact region (for an input
 * of the case) is a counterexample. No rows means every output is unsafe. Arrays are shared: read
 * only.
 */
public record OutputPolytope(double[][] c, double[] d, BigDecimal[] exactD) {
    public OutputPolytope {
        if (c.length != d.length || d.length != exactD.length) {
            throw new IllegalArgumentException("output polytope: " + c.length + " rows, " + d.length + " and "
                + exactD.length + " right-hand sides");
        }
    }

    /** The polytope with exactly these (finite) right-hand sides. */
    public OutputPolytope(double[][] c, double[] d) {
        this(c, d, Decimals.exact(d));
    }

    /**
     * Row k's exact right-hand side rounded down: {@code c_k . y} at most this certainly satisfies
     * the exact row, for a proof that every output of a set lies in the polytope.
     */
    public double rhsDown(int k) {
        return Decimals.down(exactD[k]);
    }

    public int rows() {
        return c.length;
    }

    /** Whether y lies in the polytope, every row summed and compared exactly with the exact constants. */
    public boolean contains(double[] y) {
        return LinearRows.holds(c, exactD, y);
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
