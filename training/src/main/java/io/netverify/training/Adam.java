package io.netverify.training;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Adam (Kingma and Ba) with bias correction, betas 0.9 and 0.999, epsilon 1e-8. */
public final class Adam implements Optimizer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;
    private final Map<Parameter, double[][]> moments = new IdentityHashMap<>();
    private double rate;
    private int steps;

    /**
     * Adam with the given step size.
     *
     * @param rate the step size
     */
    public Adam(double rate) {
        this.rate = rate;
    }

    @Override
    public void learningRate(double r) {
        rate = r;
    }

    @Override
    public void step(List<Parameter> parameters) {
        steps++;
        double c1 = 1 - Math.pow(BETA1, steps);
        double c2 = 1 - Math.pow(BETA2, steps);
        for (Parameter p : parameters) {
            double[] v = p.value();
            double[] g = p.gradient();
            double[][] m = moments.computeIfAbsent(p, k -> new double[2][v.length]);
            for (int i = 0; i < v.length; i++) {
                m[0][i] = BETA1 * m[0][i] + (1 - BETA1) * g[i];
                m[1][i] = BETA2 * m[1][i] + (1 - BETA2) * g[i] * g[i];
                v[i] -= rate * (m[0][i] / c1) / (Math.sqrt(m[1][i] / c2) + EPSILON);
            }
        }
    }
}
