package io.netverify.training;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training bounds against the verifier: the network exported to ONNX (float64 weights) and read
 * back computes the same scores, the bound engine's IBP margins equal the training IBP margins up
 * to rounding, its CROWN margins over IBP intermediate bounds (before they are intersected with
 * IBP) equal the training CROWN-IBP margins for piecewise-linear networks, and every training
 * lower bound is at most the margins of points sampled in the box (soundness).
 */
class EngineAgreementTest {
    private static final double EPS = 0.1;

    @Test
    void mlp() {
        agree(TestNets.loud(TestNets.mlp(11), 3), true);
    }

    @Test
    void batchNormMlp() {
        Network net = TestNets.loud(TestNets.batchNormMlp(12), 3);
        net.training(true);
        net.scores(TestNets.uniform(new Random(1), 20 * 6, 0, 1), 20);
        net.training(false);
        agree(net, true);
    }

    @Test
    void cnn() {
        Network net = TestNets.loud(TestNets.cnn(13), 2);
        agree(net, true);
    }

    @Test
    void residualAveragePool() {
        agree(TestNets.loud(TestNets.residualCnn(14), 2), true);
    }

    @Test
    void maxPoolIsSound() {
        agree(TestNets.loud(TestNets.maxPoolCnn(16), 2), false);
    }

    @Test
    void smoothActivationsAreSound() {
        agree(TestNets.loud(TestNets.smoothMlp(15), 3), false);
    }

    /** On zero-width boxes every bound is the clean margin itself (up to rounding), for every layer type. */
    @Test
    void zeroWidthBoxesGiveTheCleanMargins() {
        for (Network net : new Network[] {TestNets.mlp(21), TestNets.batchNormMlp(22), TestNets.smoothMlp(23), TestNets.cnn(24),
            TestNets.residualCnn(25), TestNets.maxPoolCnn(26)}) {
            Random r = new Random(5);
            int n = 3;
            double[] x = TestNets.uniform(r, n * net.input().size(), 0, 1);
            int[] labels = TestNets.labels(r, n, net.classes());
            Spec spec = Spec.margins(labels, net.classes());
            MarginBounds mb = MarginBounds.compute(net, x, RobustLoss.box(x, 0, 0, 1), n, spec, true, true);
            int k = net.classes();
            for (int s = 0; s < n; s++) {
                for (int q = 0; q < spec.rows(); q++) {
                    double margin = 0;
                    for (int j = 0; j < k; j++) {
                        margin += spec.c()[(s * spec.rows() + q) * k + j] * mb.scores()[s * k + j];
                    }
                    assertEquals(margin, mb.ibp()[s * spec.rows() + q], 1e-9 * (1 + Math.abs(margin)), "IBP, zero width");
                    assertEquals(margin, mb.crown()[s * spec.rows() + q], 1e-9 * (1 + Math.abs(margin)), "CROWN-IBP, zero width");
                }
            }
        }
    }

    private static void agree(Network net, boolean piecewiseLinear) {
        Graph graph = OnnxModel.parse(net.toOnnx(DataType.DOUBLE), "exported").toGraph();
        Evaluator exact = new Evaluator(graph);
        Random r = new Random(3);
        int n = 6;
        int size = net.input().size();
        int k = net.classes();
        double[] x = TestNets.uniform(r, n * size, 0, 1);
        int[] labels = TestNets.labels(r, n, k);
        Spec spec = Spec.margins(labels, k);
        Box box = RobustLoss.box(x, EPS, 0, 1);
        MarginBounds mb = MarginBounds.compute(net, x, box, n, spec, true, true);
        int rows = spec.rows();
        double[] scores = mb.scores();
        for (int s = 0; s < n; s++) {
            double[] point = Arrays.copyOfRange(x, s * size, (s + 1) * size);
            double[] expected = exact.evaluate(point);
            for (int j = 0; j < k; j++) {
                assertEquals(expected[j], scores[s * k + j], 1e-9 * (1 + Math.abs(expected[j])), "score of sample " + s);
            }
            double[][] c = new double[rows][k];
            for (int q = 0; q < rows; q++) {
                c[q] = Arrays.copyOfRange(spec.c(), (s * rows + q) * k, (s * rows + q + 1) * k);
            }
            Interval in = new Interval(Arrays.copyOfRange(box.lower(), s * size, (s + 1) * size),
                Arrays.copyOfRange(box.upper(), s * size, (s + 1) * size));
            Bounds ibp = BoundPropagator.of(graph).method(BoundMethod.IBP).compute(in, c, new double[rows]);
            Bounds crown = BoundPropagator.of(graph).method(BoundMethod.CROWN).intermediate(BoundMethod.IBP)
                .compute(in, c, new double[rows]);
            double worst = Double.POSITIVE_INFINITY;
            double[][] sampled = new double[200][];
            for (int t = 0; t < sampled.length; t++) {
                double[] p = new double[size];
                for (int i = 0; i < size; i++) {
                    p[i] = in.lower()[i] + (in.upper()[i] - in.lower()[i]) * (t < 2 ? t : r.nextDouble());
                }
                sampled[t] = exact.evaluate(p);
            }
            for (int q = 0; q < rows; q++) {
                double mine = mb.ibp()[s * rows + q];
                double tol = 1e-9 * (1 + Math.abs(mine));
                assertEquals(ibp.lower()[q], mine, tol, "IBP margin " + q + " of sample " + s);
                double mineCrown = mb.crown()[s * rows + q];
                if (piecewiseLinear) {
                    assertEquals(crown.linearLower()[q], mineCrown, 1e-9 * (1 + Math.abs(mineCrown)),
                        "CROWN-IBP margin " + q + " of sample " + s);
                }
                for (double[] y : sampled) {
                    double margin = dot(c[q], y);
                    worst = Math.min(worst, margin - Math.max(mine, mineCrown));
                }
            }
            assertTrue(worst >= -1e-9, "a sampled margin is below the training bounds by " + (-worst));
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
