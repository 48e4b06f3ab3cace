package io.netverify.training;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Stochastic gradient descent with (heavy-ball) momentum. */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final Map<Parameter, double[]> velocity = new IdentityHashMap<>();
    private double rate;

    /**
     * SGD with the given step size and momentum.
     *
     * @param rate     the step size
     * @param momentum the momentum factor
     */
    public Sgd(double rate, double momentum) {
        this.rate = rate;
        this.momentum = momentum;
    }

    @Override
    public void learningRate(double r) {
        rate = r;
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            double[] v = p.value();
            double[] g = p.gradient();
            double[] u = velocity.computeIfAbsent(p, k -> new double[v.length]);
            for (int i = 0; i < v.length; i++) {
                u[i] = momentum * u[i] + g[i];
                v[i] -= rate * u[i];
            }
        }
    }
}
