package io.netverify.bab.lp;

/**
 * The answer of an LP engine: its status, objective value and primal point, and the row multipliers
 * {@code y} with the convention {@code c - A^T y = reduced costs} (so {@code y_i >= 0} where the
 * row's lower side is active, {@code <= 0} where its upper side is). The duals are approximate and
 * may be null when the engine cannot report them; {@link SafeLpBound} turns any multipliers into a
 * rigorous bound.
 */
public record LpResult(LpStatus status, double objective, double[] x, double[] duals) {
    public static LpResult failed(LpStatus status) {
        return new LpResult(status, Double.NaN, null, null);
    }
}
