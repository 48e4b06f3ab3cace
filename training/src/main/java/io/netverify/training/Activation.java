package io.netverify.training;

/**
 * An element-wise monotone non-decreasing activation. IBP maps {@code [l, u]} to
 * {@code [f(l), f(u)]}; CROWN bounds f on {@code [l, u]} by a lower line {@code sl x + tl} and an
 * upper line {@code su x + tu} (see {@link #relax}), both functions of l and u through which the
 * gradient flows back to the IBP bounds.
 */
abstract class Activation extends Layer {
    private double[] x;
    private Box box;
    /** Per sample and unit: sl, tl, su, tu of the last backward pass. */
    private double[] lines;
    private double[] lambda;
    private final PendingBoxGradient pending = new PendingBoxGradient();

    Activation(Geometry in) {
        super(in);
    }

    @Override
    public Geometry output() {
        return in;
    }

    abstract double value(double v);

    abstract double derivative(double v);

    /** Writes {@code sl, tl, su, tu} of lines bounding f on {@code [l, u]} from below and above to {@code out[at..at+3]}. */
    abstract void relax(double l, double u, double[] out, int at);

    /**
     * Given the gradient {@code g[0..3]} of a loss with respect to {@code sl, tl, su, tu} of
     * {@link #relax}, writes its gradient with respect to l and u to {@code out[0..1]}.
     */
    abstract void relaxReverse(double l, double u, double[] g, double[] out);

    @Override
    double[] forward(double[] input, int n) {
        x = input;
        double[] y = new double[input.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = value(input[i]);
        }
        return y;
    }

    @Override
    double[] forwardReverse(double[] gy, int n) {
        double[] g = new double[gy.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = gy[i] * derivative(x[i]);
        }
        return g;
    }

    @Override
    Box ibp(Box b, int n) {
        box = b;
        pending.clear();
        double[] lo = new double[b.lower().length];
        double[] hi = new double[lo.length];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = value(b.lower()[i]);
            hi[i] = value(b.upper()[i]);
        }
        return new Box(lo, hi);
    }

    @Override
    Box ibpReverse(Box g, int n) {
        double[] lo = new double[g.lower().length];
        double[] hi = new double[lo.length];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = g.lower()[i] * derivative(box.lower()[i]);
            hi[i] = g.upper()[i] * derivative(box.upper()[i]);
        }
        return pending.drainInto(new Box(lo, hi));
    }

    @Override
    double[] backward(double[] lam, int n, int rows, double[] bias) {
        lambda = lam;
        int size = in.size();
        lines = new double[4 * n * size];
        for (int i = 0; i < n * size; i++) {
            relax(box.lower()[i], box.upper()[i], lines, 4 * i);
        }
        double[] out = new double[lam.length];
        Dense.forEach(n, (long) n * rows * size, s -> {
            for (int r = s * rows; r < (s + 1) * rows; r++) {
                double b = 0;
                for (int j = 0; j < size; j++) {
                    double v = lam[r * size + j];
                    int at = 4 * (s * size + j) + (v >= 0 ? 0 : 2);
                    out[r * size + j] = v * lines[at];
                    b += v * lines[at + 1];
                }
                bias[r] += b;
            }
        });
        return out;
    }

    @Override
    double[] backwardReverse(double[] gLambdaIn, double[] gBias, int n, int rows) {
        int size = in.size();
        double[] g = new double[gLambdaIn.length];
        double[] gLines = new double[lines.length];
        Dense.forEach(n, (long) n * rows * size, s -> {
            for (int r = s * rows; r < (s + 1) * rows; r++) {
                for (int j = 0; j < size; j++) {
                    double v = lambda[r * size + j];
                    int at = 4 * (s * size + j) + (v >= 0 ? 0 : 2);
                    double gi = gLambdaIn[r * size + j];
                    g[r * size + j] = gi * lines[at] + gBias[r] * lines[at + 1];
                    gLines[at] += gi * v;
                    gLines[at + 1] += gBias[r] * v;
                }
            }
        });
        Box gBox = Box.zeros(n * size);
        double[] four = new double[4];
        double[] two = new double[2];
        for (int i = 0; i < n * size; i++) {
            System.arraycopy(gLines, 4 * i, four, 0, 4);
            if (four[0] != 0 || four[1] != 0 || four[2] != 0 || four[3] != 0) {
                relaxReverse(box.lower()[i], box.upper()[i], four, two);
                gBox.lower()[i] = two[0];
                gBox.upper()[i] = two[1];
            }
        }
        pending.hold(gBox);
        return g;
    }
}
