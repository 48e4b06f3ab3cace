package io.netverify.benchmarks;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.VnnlibParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Boxes per second of {@link BoundPropagator#computeBatch} for B boxes against B single calls, on
 * sub-boxes (half width, random centres) of a spec's box: IBP, CROWN with IBP intermediate bounds
 * (CROWN-IBP, the certified-training setting) and full CROWN. Medians of 3 rounds after a warm-up.
 *
 * <p>Usage: {@code BatchBoundsBenchmark <onnx> <vnnlib> <B>...}
 */
public final class BatchBoundsBenchmark {
    /** Measured rounds per configuration, after one warm-up round. */
    private static final int REPEATS = 3;
    /** Boxes bounded per round at least. */
    private static final int MIN_BOXES = 64;

    private BatchBoundsBenchmark() {
    }

    public static void main(String[] args) {
        Graph g = OnnxModel.read(Path.of(args[0])).toGraph();
        InputBox spec = VnnlibParser.parse(Path.of(args[1])).cases().get(0).box();
        int outputs = g.shape(g.outputs().get(0)).size();
        double[][] c = new double[outputs][outputs];
        for (int i = 0; i < outputs; i++) {
            c[i][i] = 1;
        }
        double[] d = new double[outputs];
        System.out.println("| method | B | batched boxes/s | single-call boxes/s | speed-up |");
        System.out.println("|---|---|---|---|---|");
        for (String method : List.of("ibp", "crown-ibp", "crown")) {
            BoundPropagator p = BoundPropagator.of(g).method(method.equals("ibp") ? BoundMethod.IBP : BoundMethod.CROWN)
                .intermediate(method.equals("crown") ? BoundMethod.CROWN : BoundMethod.IBP);
            for (int a = 2; a < args.length; a++) {
                int b = Integer.parseInt(args[a]);
                List<Interval> boxes = boxes(spec, b, a);
                // every round bounds at least MIN_BOXES boxes (the batch repeated), so small B is timed over many calls
                int calls = Math.max(1, MIN_BOXES / b);
                double[] batched = new double[REPEATS + 1];
                double[] single = new double[REPEATS + 1];
                // round 0 warms both up; batched and single calls alternate so both see the same machine load
                for (int r = 0; r <= REPEATS; r++) {
                    long t0 = System.nanoTime();
                    for (int k = 0; k < calls; k++) {
                        p.computeBatch(boxes, c, d);
                    }
                    batched[r] = (double) calls * b / ((System.nanoTime() - t0) / 1e9);
                    long t1 = System.nanoTime();
                    for (int k = 0; k < calls; k++) {
                        for (Interval box : boxes) {
                            p.compute(box, c, d);
                        }
                    }
                    single[r] = (double) calls * b / ((System.nanoTime() - t1) / 1e9);
                }
                double bm = median(batched);
                double sm = median(single);
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", method, b, bm, sm, bm / sm);
            }
        }
    }

    /** Median of the measured rounds (round 0, the warm-up, left out). */
    private static double median(double[] rounds) {
        double[] m = Arrays.copyOfRange(rounds, 1, rounds.length);
        Arrays.sort(m);
        return m[m.length / 2];
    }

    private static List<Interval> boxes(InputBox spec, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Interval> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[] l = new double[spec.dimension()];
            double[] u = new double[spec.dimension()];
            for (int i = 0; i < l.length; i++) {
                double w = (spec.upper()[i] - spec.lower()[i]) / 2;
                l[i] = spec.lower()[i] + rnd.nextDouble() * w;
                u[i] = l[i] + w;
            }
            out.add(new Interval(l, u));
        }
        return out;
    }
}
