package io.netverify.bounds;

import io.netverify.bounds.relax.AlphaGradient;
import io.netverify.bounds.relax.AlphaParameters;
import io.netverify.bounds.relax.Linearization;
import io.netverify.bounds.relax.Rows;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Operators;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * alpha-CROWN: the relaxation parameters of the final backward pass are optimised by projected
 * gradient ascent (Adam) on every row's lower bound, with intermediate bounds fixed. The gradient of
 * a row's bound, a minimum over the box of a linear function, is the derivative of that function at
 * its minimising corner (Danskin): evaluate the linearised network there and let each relaxation
 * turn the values at its inputs into the derivative of its lines. Any parameter gives a sound bound,
 * so the best bound seen per row is kept. The linearised network is evaluated for all rows at once
 * (linear layers as one matrix product).
 */
final class AlphaCrown {
    /**
     * Optimisation settings: iterations, Adam learning rate, its decay per iteration, early-stop
     * patience, and a deadline (System.nanoTime) after which the best bounds so far are returned.
     */
    record Settings(int iterations, double learningRate, double decay, int patience, long deadline) {
        static final Settings DEFAULT = new Settings(50, 0.1, 0.98, 10, Long.MAX_VALUE);

        Settings withDeadline(long nanos) {
            return new Settings(iterations, learningRate, decay, patience, nanos);
        }

        boolean expired() {
            return deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0;
        }
    }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private AlphaCrown() {
    }

    /**
     * The best lower bound found per row (never below plain CROWN's, which is iteration 0's start),
     * with the input coefficients of the pass that gave it.
     */
    static BackwardPass.Result lowerBounds(Graph graph, String target, double[] c, int rows, Interval box,
                                           Function<String, Interval> bounds, Settings settings, RoundingError rounding) {
        return optimise(graph, target, c, rows, box, bounds, settings, rounding, new AlphaParameters(), null, null);
    }

    /**
     * Optimises {@code alphas} (which may hold a warm start, e.g. a parent domain's) and the split
     * multipliers of {@code splits} (null when there are none) in place; with 0 iterations, one pass
     * with the given parameters. {@code nonlinearCoefficients}, when not null, receives the last
     * pass's coefficients on nonlinear nodes (see {@link BackwardPass#run}). Stops with the best bounds
     * so far at the deadline, or throws {@link DeadlineExceeded} when it passes during the first pass.
     */
    static BackwardPass.Result optimise(Graph graph, String target, double[] c, int rows, Interval box,
                                        Function<String, Interval> bounds, Settings settings, RoundingError rounding,
                                        AlphaParameters alphas, SplitTerms splits, Map<String, double[]> nonlinearCoefficients) {
        alphas.startPass();
        BackwardPass.Result r = BackwardPass.run(graph, target, c, rows, box, bounds, alphas, splits, nonlinearCoefficients,
            rounding, settings.deadline());
        double[] best = r.lower().clone();
        double[] bestCoefficients = r.inputCoefficients() == null ? null : r.inputCoefficients().clone();
        boolean hasBetas = splits != null && splits.beta().length > 0;
        Map<String, double[]> m = new HashMap<>();
        Map<String, double[]> v = new HashMap<>();
        Set<String> ancestors = BackwardPass.ancestors(graph, target);
        List<Node> nodes = graph.nodes().stream().filter(n -> ancestors.contains(n.output())).toList();
        Map<String, Node> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        double lr = settings.learningRate();
        double bestTotal = sum(best);
        int stale = 0;
        for (int it = 1; it <= settings.iterations(); it++) {
            if ((alphas.values().isEmpty() && !hasBetas) || settings.expired()) {
                break;
            }
            double[] betaGradient = hasBetas ? new double[splits.beta().length] : null;
            Map<String, double[]> grads = gradients(graph, nodes, alphas, splits, betaGradient, r, rows, box);
            for (Map.Entry<String, double[]> e : alphas.values().entrySet()) {
                double[] g = grads.get(e.getKey());
                if (g != null) {
                    adamAscent(e.getValue(), g, m.computeIfAbsent(e.getKey(), k -> new double[g.length]),
                        v.computeIfAbsent(e.getKey(), k -> new double[g.length]), lr, it);
                    Node n = byName.get(e.getKey());
                    IntervalPropagation.relaxation(n).projectParameters(n, e.getValue(), bounds);
                }
            }
            if (hasBetas) {
                double[] beta = splits.beta();
                adamAscent(beta, betaGradient, m.computeIfAbsent("", k -> new double[beta.length]),
                    v.computeIfAbsent("", k -> new double[beta.length]), lr, it);
                splits.project();
            }
            lr *= settings.decay();
            alphas.startPass();
            try {
                r = BackwardPass.run(graph, target, c, rows, box, bounds, alphas, splits, nonlinearCoefficients,
                    rounding, settings.deadline());
            } catch (DeadlineExceeded e) {
                break;
            }
            for (int k = 0; k < rows; k++) {
                if (r.lower()[k] > best[k]) {
                    best[k] = r.lower()[k];
                    if (bestCoefficients != null) {
                        int n = box.size();
                        System.arraycopy(r.inputCoefficients(), k * n, bestCoefficients, k * n, n);
                    }
                }
            }
            double total = sum(best);
            stale = total > bestTotal + 1e-12 * Math.abs(bestTotal) ? 0 : stale + 1;
            bestTotal = Math.max(bestTotal, total);
            if (stale >= settings.patience()) {
                break;
            }
        }
        return new BackwardPass.Result(best, bestCoefficients);
    }

    /**
     * Gradient of each row's bound with respect to every parameter, from the linearised network
     * evaluated at every row's minimiser at once: values are {@code rows x size} per graph value, so
     * linear layers are one matrix product for all rows; nonlinear nodes (and linear ones without a
     * batched form) go row by row, rows in parallel (each row writes only its own parameters'
     * gradient).
     */
    private static Map<String, double[]> gradients(Graph graph, List<Node> nodes, AlphaParameters alphas, SplitTerms splits,
                                                   double[] betaGradient, BackwardPass.Result r, int rows, Interval box) {
        Map<String, double[]> grads = new HashMap<>();
        alphas.values().forEach((k, a) -> grads.put(k, new double[a.length]));
        Map<String, double[]> values = new HashMap<>();
        values.put(graph.inputs().get(0).name(), r.minimisers(box, rows));
        for (Node n : nodes) {
            double[][] ins = new double[n.inputs().size()][];
            int[] sizes = new int[ins.length];
            for (int i = 0; i < ins.length; i++) {
                String in = n.input(i);
                if (!in.isEmpty()) {
                    ins[i] = graph.isConstant(in) ? graph.constant(in).data() : values.get(in);
                    sizes[i] = graph.isConstant(in) ? 0 : graph.shape(in).size();
                }
            }
            Linearization lin = alphas.linearization(n.name());
            AlphaGradient g = alphas.gradient(n.name());
            double[][] outs = lin == null && g == null
                ? IntervalPropagation.relaxation(n).evaluateRows(n, graph, rows, ins) : null;
            if (outs == null) {
                outs = new double[n.outputs().size()][];
                for (int o = 0; o < outs.length; o++) {
                    outs[o] = new double[rows * graph.shape(n.outputs().get(o)).size()];
                }
                double[][] all = outs;
                double[] grad = grads.get(n.name());
                Rows.range(rows, all[0].length / Math.max(1, rows)).forEach(k -> {
                    double[][] row = new double[ins.length][];
                    for (int i = 0; i < ins.length; i++) {
                        row[i] = sizes[i] == 0 ? ins[i] : Arrays.copyOfRange(ins[i], k * sizes[i], (k + 1) * sizes[i]);
                    }
                    if (g != null) {
                        g.accumulate(k, row, grad);
                    }
                    double[][] y = lin != null ? lin.apply(k, row) : evaluate(graph, n, row);
                    for (int o = 0; o < y.length && o < all.length; o++) {
                        System.arraycopy(y[o], 0, all[o], k * y[o].length, y[o].length);
                    }
                });
            }
            for (int o = 0; o < outs.length && o < n.outputs().size(); o++) {
                values.put(n.outputs().get(o), outs[o]);
            }
        }
        if (betaGradient != null) {
            splits.gradient(values, graph, betaGradient);
        }
        return grads;
    }

    /** A linear node's exact evaluation on one row: its linearisation. */
    private static double[][] evaluate(Graph graph, Node n, double[][] ins) {
        List<Tensor> args = new java.util.ArrayList<>();
        for (int i = 0; i < ins.length; i++) {
            String in = n.input(i);
            args.add(in.isEmpty() ? null : graph.isConstant(in) ? graph.constant(in)
                : new Tensor(graph.info(in).type(), graph.shape(in), ins[i]));
        }
        List<Tensor> outs = Operators.find(n.opType()).orElseThrow().evaluate(n, args);
        return outs.stream().map(Tensor::data).toArray(double[][]::new);
    }

    private static void adamAscent(double[] x, double[] g, double[] m, double[] v, double lr, int t) {
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                continue;
            }
            m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
            x[i] += lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
        }
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }
}
