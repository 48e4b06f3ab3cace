package io.netverify.bounds.lipschitz;

/**
 * The norm of input perturbations; a Lipschitz bound is then a bound of the dual norm of the
 * gradient {@code c^T J(x)}: l_inf inputs give the l_1 norm, l_1 inputs the l_inf norm, l_2 the l_2 norm.
 */
public enum InputNorm {
    LINF, L1, L2;

    /** The dual norm of a vector. */
    public double dual(double[] g) {
        double s = 0;
        for (double v : g) {
            switch (this) {
                case LINF -> s += Math.abs(v);
                case L1 -> s = Math.max(s, Math.abs(v));
                case L2 -> s += v * v;
            }
        }
        return this == L2 ? Math.sqrt(s) : s;
    }
}
