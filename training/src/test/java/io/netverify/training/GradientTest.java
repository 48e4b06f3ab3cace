package io.netverify.training;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reverse passes against central finite differences in float64, for every parameter of random
 * networks covering every layer type: for a fixed random linear function of the clean scores and the
 * IBP and CROWN-IBP margin bounds, and for the robust loss itself.
 */
class GradientTest {
    private static final double STEP = 1e-6;
    private static final double TOLERANCE = 1e-5;
    private static final double FLOOR = 1e-3;
    /** Elements of each parameter tensor compared. */
    private static final int PER_TENSOR = 12;

    @Test
    void mlp() {
        check(TestNets.loud(TestNets.mlp(1), 3), 6, false);
    }

    @Test
    void batchNormEvaluationMode() {
        Network net = TestNets.loud(TestNets.batchNormMlp(2), 3);
        Random r = new Random(9);
        for (Layer l : net.layers()) {
            if (l instanceof BatchNorm bn) {
                for (int c = 0; c < bn.runningMean().length; c++) {
                    bn.runningMean()[c] = r.nextGaussian() * 0.1;
                    bn.runningVar()[c] = 0.5 + r.nextDouble();
                }
                bn.parameters().forEach(p -> randomise(p, r, 0.3));
            }
        }
        check(net, 6, false);
    }

    @Test
    void batchNormTrainingMode() {
        Network net = TestNets.loud(TestNets.batchNormMlp(3), 3);
        net.training(true);
        check(net, 6, true);
    }

    @Test
    void sigmoidTanhLeakyRelu() {
        check(TestNets.loud(TestNets.smoothMlp(4), 4), 5, false);
    }

    @Test
    void convolutionWithBatchNorm() {
        Network net = TestNets.loud(TestNets.cnn(5), 2);
        net.training(true);
        check(net, 3, true);
    }

    @Test
    void residualAndAveragePool() {
        check(TestNets.loud(TestNets.residualCnn(6), 2), 3, false);
    }

    @Test
    void maxPool() {
        check(TestNets.loud(TestNets.maxPoolCnn(8), 2), 3, false);
    }

    /** Checks the bound outputs' reverse and the robust loss's gradient on a batch of n. */
    private static void check(Network net, int n, boolean training) {
        Random r = new Random(17);
        int size = net.input().size();
        double[] x = TestNets.uniform(r, n * size, 0, 1);
        int[] labels = TestNets.labels(r, n, net.classes());
        Spec spec = Spec.margins(labels, net.classes());
        Box box = RobustLoss.box(x, 0.15, 0, 1);
        double[] gS = TestNets.uniform(r, n * net.classes(), -1, 1);
        double[] gI = TestNets.uniform(r, n * spec.rows(), -1, 1);
        double[] gC = TestNets.uniform(r, n * spec.rows(), -1, 1);
        ToDoubleFunction<Network> outputs = m -> {
            MarginBounds mb = MarginBounds.compute(m, x, box, n, spec, true, true);
            return dot(gS, mb.scores()) + dot(gI, mb.ibp()) + dot(gC, mb.crown());
        };
        MarginBounds mb = MarginBounds.compute(net, x, box, n, spec, true, true);
        net.zeroGradients();
        mb.backpropagate(gS, gI, gC);
        compare(net, outputs, "bound outputs" + (training ? " (training mode)" : ""));

        RobustLoss loss = new RobustLoss(0.3, 0.6);
        ToDoubleFunction<Network> value = m -> loss.evaluate(m, x, labels, 0.15, 0, 1).loss();
        loss.evaluate(net, x, labels, 0.15, 0, 1);
        compare(net, value, "robust loss");
    }

    private static void compare(Network net, ToDoubleFunction<Network> f, String what) {
        for (Parameter p : net.parameters()) {
            double[] analytic = p.gradient().clone();
            double[] v = p.value();
            // a seeded sample of each tensor's elements keeps the test fast
            int[] picked = new Random(v.length).ints(0, v.length).distinct().limit(Math.min(PER_TENSOR, v.length)).toArray();
            double[] numeric = new double[picked.length];
            double diff = 0;
            double norm = 0;
            for (int q = 0; q < picked.length; q++) {
                int i = picked[q];
                double keep = v[i];
                v[i] = keep + STEP;
                double up = f.applyAsDouble(net);
                v[i] = keep - STEP;
                double down = f.applyAsDouble(net);
                v[i] = keep;
                numeric[q] = (up - down) / (2 * STEP);
                diff += (analytic[i] - numeric[q]) * (analytic[i] - numeric[q]);
                norm += numeric[q] * numeric[q];
            }
            // below FLOOR the difference is compared in absolute terms: the quotients' own rounding
            // noise is about 1e-16 * |f| / STEP (a bias before batch normalisation in training mode
            // has gradient 0)
            double relative = Math.sqrt(diff) / Math.max(Math.sqrt(norm), FLOOR);
            assertTrue(relative < TOLERANCE, what + ", " + p.name() + ": relative error " + relative + " (|grad| "
                + Math.sqrt(norm) + ")");
        }
        f.applyAsDouble(net);
    }

    private static void randomise(Parameter p, Random r, double spread) {
        for (int i = 0; i < p.value().length; i++) {
            p.value()[i] += spread * r.nextGaussian();
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
