package io.netverify.training;

import java.util.List;

/**
 * Lower bounds of {@link Spec} rows over a batch of input boxes by IBP and by CROWN-IBP (CROWN's
 * backward pass from the spec over IBP bounds of every layer's input), with the clean scores of the
 * boxes' centre points, and the reverse pass that adds a loss's gradient with respect to those
 * outputs to the network's parameter gradients. Where the last layer is Linear the spec is folded
 * into it before IBP concretises (tighter, as the verifier and auto_LiRPA do).
 *
 * <p>The arithmetic is plain float64 without outward rounding: the bounds are for training, not for
 * proofs; certify the exported network with the verifier.
 */
public final class MarginBounds {
    private final Network net;
    private final int n;
    private final Spec spec;
    private final List<Layer> hidden;
    private final Layer last;
    private final boolean folded;
    private final double[] scores;
    private double[] ibp;
    private double[] crown;
    /** Coefficients and constants of the spec as functions of the last folded value (the last layer's input, or the output). */
    private double[] lastLambda;
    private double[] lastBias;
    private Box lastBox;
    private double[] inputLambda;
    private final Box input;

    private MarginBounds(Network net, double[] x, Box box, int n, Spec spec, boolean withIbp, boolean withCrown) {
        net.checkBatch(x, n);
        net.checkBatch(box.lower(), n);
        if (spec.samples() != n || spec.classes() != net.classes()) {
            throw new IllegalArgumentException("spec for " + spec.samples() + " samples of " + spec.classes()
                + " classes, batch of " + n + " samples of " + net.classes());
        }
        this.net = net;
        this.n = n;
        this.spec = spec;
        this.input = box;
        List<Layer> layers = net.layers();
        this.last = layers.get(layers.size() - 1);
        this.folded = last instanceof Linear;
        this.hidden = folded ? layers.subList(0, layers.size() - 1) : layers;
        this.scores = Layers.forward(layers, x, n);
        if (!withIbp && !withCrown) {
            return;
        }
        lastBox = Layers.ibp(hidden, box, n);
        int m = n * spec.rows();
        lastBias = new double[m];
        lastLambda = folded ? last.backward(spec.c(), n, spec.rows(), lastBias) : spec.c();
        if (withIbp) {
            ibp = concretise(lastLambda, lastBias, lastBox);
        }
        if (withCrown) {
            double[] bias = lastBias.clone();
            inputLambda = Layers.backward(hidden, lastLambda, n, spec.rows(), bias);
            crown = concretise(inputLambda, bias, box);
        }
    }

    /**
     * Runs the clean pass on {@code x} and the requested bound passes on {@code box} (the batch's
     * input boxes, {@code n x input size} each); the network's last pass data is kept for
     * {@link #backpropagate}.
     *
     * @param net   the network
     * @param x     the clean inputs, {@code n x input size}
     * @param box   the input boxes
     * @param n     the number of samples
     * @param spec  the rows to bound
     * @param ibp   whether to compute IBP bounds
     * @param crown whether to compute CROWN-IBP bounds
     * @return the scores and bounds
     */
    public static MarginBounds compute(Network net, double[] x, Box box, int n, Spec spec, boolean ibp, boolean crown) {
        return new MarginBounds(net, x, box, n, spec, ibp, crown);
    }

    /** {@return the clean scores, {@code n x classes}} */
    public double[] scores() {
        return scores;
    }

    /** {@return IBP lower bounds of the spec rows ({@code n x rows}), or null if not computed} */
    public double[] ibp() {
        return ibp;
    }

    /** {@return CROWN-IBP lower bounds of the spec rows ({@code n x rows}), or null if not computed} */
    public double[] crown() {
        return crown;
    }

    /**
     * Adds to the parameter gradients those of a loss whose gradients with respect to
     * {@link #scores}, {@link #ibp} and {@link #crown} are given (null: zero). Call once, right
     * after {@link #compute}.
     *
     * @param gScores the gradient with respect to the scores, or null
     * @param gIbp    the gradient with respect to the IBP bounds, or null
     * @param gCrown  the gradient with respect to the CROWN-IBP bounds, or null
     */
    public void backpropagate(double[] gScores, double[] gIbp, double[] gCrown) {
        int rows = spec.rows();
        int m = n * rows;
        int lastSize = lastBox == null ? 0 : lastBox.lower().length / n;
        if (lastBox != null) {
            double[] gLastLambda = new double[lastLambda.length];
            double[] gBias = new double[m];
            if (gCrown != null && crown != null) {
                double[] gInput = concretiseReverse(inputLambda, gCrown, input, null);
                Dense.addInto(gLastLambda, Layers.backwardReverse(hidden, gInput, gCrown.clone(), n, rows));
                Dense.addInto(gBias, gCrown);
            }
            Box gLastBox = Box.zeros(n * lastSize);
            if (gIbp != null && ibp != null) {
                Dense.addInto(gLastLambda, concretiseReverse(lastLambda, gIbp, lastBox, gLastBox));
                Dense.addInto(gBias, gIbp);
            }
            if (folded) {
                last.backwardReverse(gLastLambda, gBias, n, rows);
            }
            Layers.ibpReverse(hidden, gLastBox, n);
        }
        Layers.forwardReverse(net.layers(), gScores == null ? new double[scores.length] : gScores, n);
    }

    /** {@code bias + min over the box of lambda . v}, per row. */
    private double[] concretise(double[] lambda, double[] bias, Box box) {
        int rows = spec.rows();
        int size = box.lower().length / n;
        double[] mid = box.mid();
        double[] rad = box.radius();
        double[] lb = new double[n * rows];
        Dense.forEach(n, (long) n * rows * size, s -> {
            for (int r = s * rows; r < (s + 1) * rows; r++) {
                double v = bias[r];
                for (int j = 0; j < size; j++) {
                    double c = lambda[r * size + j];
                    v += c * mid[s * size + j] - Math.abs(c) * rad[s * size + j];
                }
                lb[r] = v;
            }
        });
        return lb;
    }

    /** The gradient with respect to lambda of {@link #concretise}; that with respect to the box is added to {@code gBox} if given. */
    private double[] concretiseReverse(double[] lambda, double[] g, Box box, Box gBox) {
        int rows = spec.rows();
        int size = box.lower().length / n;
        double[] mid = box.mid();
        double[] rad = box.radius();
        double[] gLambda = new double[lambda.length];
        double[] gMid = new double[n * size];
        double[] gRad = new double[n * size];
        Dense.forEach(n, (long) n * rows * size, s -> {
            for (int r = s * rows; r < (s + 1) * rows; r++) {
                for (int j = 0; j < size; j++) {
                    double c = lambda[r * size + j];
                    int i = s * size + j;
                    gLambda[r * size + j] = g[r] * (mid[i] - Math.signum(c) * rad[i]);
                    gMid[i] += g[r] * c;
                    gRad[i] -= g[r] * Math.abs(c);
                }
            }
        });
        if (gBox != null) {
            gBox.add(Box.fromMidRadius(gMid, gRad));
        }
        return gLambda;
    }
}
