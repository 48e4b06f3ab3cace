package io.netverify.verifier.spec;

import java.math.BigDecimal;

/**
 * One parsed linear constraint {@code coef1 * v[var1] + coef2 * v[var2] <= rhs} over the inputs or
 * over the outputs, where {@code var2 < 0} means there is no second variable. Coefficients are +1 or
 * -1 and {@code rhs} is a constant of the file or its negation, kept exactly; {@code rhsUp} is the
 * least double at or above it, so the constraint with it holds wherever the exact one does.
 * {@code line} and {@code column} locate the comparison, for messages.
 */
record Atom(boolean output, int var1, double coef1, int var2, double coef2, BigDecimal rhs, double rhsUp,
            int line, int column) {

    static Atom of(boolean output, int var1, double coef1, int var2, double coef2, BigDecimal rhs, int line, int column) {
        return new Atom(output, var1, coef1, var2, coef2, rhs, Decimals.up(rhs), line, column);
    }

    boolean isBound() {
        return var2 < 0;
    }

    /** This constraint as a dense row of a {@code width}-column matrix. */
    double[] row(int width) {
        double[] r = new double[width];
        r[var1] = coef1;
        if (var2 >= 0) {
            r[var2] = coef2;
        }
        return r;
    }
}
