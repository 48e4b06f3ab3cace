package io.netverify.training;

/**
 * The certified-training loss of IBP and CROWN-IBP: {@code kappa * natural + (1 - kappa) * robust},
 * where natural is the cross-entropy of the clean scores and robust the cross-entropy of
 * {@code [0, -lb]} (class 0 the true one) for the margin lower bounds
 * {@code lb = beta * CROWN-IBP + (1 - beta) * IBP} over the boxes {@code [x - eps, x + eps]}
 * clipped to the data range. Both terms are means over the batch.
 *
 * @param kappa weight of the natural loss, in [0, 1]
 * @param beta  share of CROWN-IBP in the bounds, in [0, 1]
 */
public record RobustLoss(double kappa, double beta) {
    /**
     * Checks that kappa and beta lie in [0, 1].
     *
     * @param kappa weight of the natural loss
     * @param beta  share of CROWN-IBP in the bounds
     */
    public RobustLoss {
        if (!(kappa >= 0 && kappa <= 1) || !(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("kappa and beta must lie in [0, 1], got " + kappa + ", " + beta);
        }
    }

    /** {@return natural training: the clean cross-entropy only} */
    public static RobustLoss natural() {
        return new RobustLoss(1, 0);
    }

    /**
     * IBP training (Gowal et al.).
     *
     * @param kappa weight of the natural loss, in [0, 1]
     * @return the loss
     */
    public static RobustLoss ibp(double kappa) {
        return new RobustLoss(kappa, 0);
    }

    /**
     * The loss of a batch, its parts and counts.
     *
     * @param verified samples all of whose margin bounds are positive (by the better of the bounds
     *                 computed; 0 when kappa is 1 and no bounds are computed)
     */
    public record Result(double loss, double natural, double robust, int correct, int verified, int samples) {
    }

    /**
     * Evaluates the loss on a batch and sets every parameter's gradient to the loss's gradient.
     *
     * @param net    the network
     * @param x      {@code n x input size} clean inputs
     * @param labels the classes of the inputs
     * @param eps    L-inf radius of the boxes
     * @param low    smallest value an input may take (the box is clipped to it), or -infinity
     * @param high   largest value, or +infinity
     * @return the loss, its parts and the counts
     */
    public Result evaluate(Network net, double[] x, int[] labels, double eps, double low, double high) {
        int n = labels.length;
        int k = net.classes();
        Spec spec = Spec.margins(labels, k);
        boolean bounds = kappa < 1;
        boolean withIbp = bounds && beta < 1;
        boolean withCrown = bounds && beta > 0;
        MarginBounds mb = MarginBounds.compute(net, x, box(x, eps, low, high), n, spec, withIbp, withCrown);
        double[] scores = mb.scores();
        double[] gScores = new double[scores.length];
        double natural = crossEntropy(scores, labels, k, kappa / n, gScores);
        int correct = 0;
        for (int s = 0; s < n; s++) {
            correct += argmax(scores, s * k, k) == labels[s] ? 1 : 0;
        }
        double robust = 0;
        int verified = 0;
        double[] gIbp = null;
        double[] gCrown = null;
        if (bounds) {
            int rows = spec.rows();
            double[] lb = new double[n * rows];
            double[] best = new double[n * rows];
            java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
            if (withIbp) {
                mix(lb, best, mb.ibp(), 1 - beta);
            }
            if (withCrown) {
                mix(lb, best, mb.crown(), beta);
            }
            double[] gLb = new double[lb.length];
            robust = boundCrossEntropy(lb, n, rows, (1 - kappa) / n, gLb);
            for (int s = 0; s < n; s++) {
                boolean all = true;
                for (int r = s * rows; r < (s + 1) * rows; r++) {
                    all &= best[r] > 0;
                }
                verified += all ? 1 : 0;
            }
            gIbp = withIbp ? scaled(gLb, 1 - beta) : null;
            gCrown = withCrown ? scaled(gLb, beta) : null;
        }
        net.zeroGradients();
        mb.backpropagate(gScores, gIbp, gCrown);
        double loss = kappa * natural + (1 - kappa) * robust;
        return new Result(loss, natural, robust, correct, verified, n);
    }

    /**
     * The boxes {@code [x - eps, x + eps]} clipped to {@code [low, high]}.
     *
     * @param x    the centres
     * @param eps  the L-inf radius
     * @param low  the smallest value
     * @param high the largest value
     * @return the boxes
     */
    public static Box box(double[] x, double eps, double low, double high) {
        double[] lo = new double[x.length];
        double[] hi = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            lo[i] = Math.max(low, Math.min(high, x[i] - eps));
            hi[i] = Math.min(high, Math.max(low, x[i] + eps));
        }
        return new Box(lo, hi);
    }

    private static void mix(double[] lb, double[] best, double[] bound, double weight) {
        for (int i = 0; i < lb.length; i++) {
            lb[i] += weight * bound[i];
            best[i] = Math.max(best[i], bound[i]);
        }
    }

    private static double[] scaled(double[] g, double f) {
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = f * g[i];
        }
        return out;
    }

    /** Mean cross-entropy of scores; writes {@code weight *} its per-sample gradient to {@code g}. */
    static double crossEntropy(double[] scores, int[] labels, int k, double weight, double[] g) {
        int n = labels.length;
        double total = 0;
        for (int s = 0; s < n; s++) {
            int base = s * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, scores[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(scores[base + j] - max);
            }
            double lse = max + Math.log(sum);
            total += lse - scores[base + labels[s]];
            for (int j = 0; j < k; j++) {
                g[base + j] = weight * (Math.exp(scores[base + j] - lse) - (j == labels[s] ? 1 : 0));
            }
        }
        return total / n;
    }

    /** Mean over samples of {@code log(1 + sum_j exp(-lb_j))}; writes {@code weight *} its gradient to {@code g}. */
    static double boundCrossEntropy(double[] lb, int n, int rows, double weight, double[] g) {
        double total = 0;
        for (int s = 0; s < n; s++) {
            double max = 0;
            for (int r = s * rows; r < (s + 1) * rows; r++) {
                max = Math.max(max, -lb[r]);
            }
            double sum = Math.exp(-max);
            for (int r = s * rows; r < (s + 1) * rows; r++) {
                sum += Math.exp(-lb[r] - max);
            }
            double lse = max + Math.log(sum);
            total += lse;
            for (int r = s * rows; r < (s + 1) * rows; r++) {
                g[r] = -weight * Math.exp(-lb[r] - lse);
            }
        }
        return total / n;
    }

    static int argmax(double[] v, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
