package io.netverify.benchmarks;

import io.netverify.bounds.InputSet;
import io.netverify.bounds.Interval;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.Lipschitz;
import io.netverify.bounds.lipschitz.LipschitzBound;

import java.util.List;
import java.util.Locale;

/**
 * l_2 and l_1 local Lipschitz bounds (output 0, CROWN) over the l_p ball of radius eps around a
 * point against those over the ball's l_inf box (the region `verify lipschitz --region box` uses),
 * on the seeded random MLPs of {@link LipschitzBenchmark}, with the largest gradient norm sampled
 * inside the ball. The runner fails if a bound is below a sampled gradient norm.
 * Usage: {@code LipschitzBallBenchmark}.
 */
public final class LipschitzBallBenchmark {
    private LipschitzBallBenchmark() {
    }

    public static void main(String[] args) {
        List<LipschitzBenchmark.Case> cases = List.of(
            LipschitzBenchmark.random("relu 3-32-32-2", 4, "Relu", 0.5, 3, 32, 32, 2),
            LipschitzBenchmark.random("relu 5-32-32-3", 5, "Relu", 0.2, 5, 32, 32, 3),
            LipschitzBenchmark.random("relu 10-50-50-3", 6, "Relu", 0.05, 10, 50, 50, 3),
            LipschitzBenchmark.random("relu 10-50-50-3", 6, "Relu", 0.3, 10, 50, 50, 3),
            LipschitzBenchmark.random("tanh 4-32-32-2", 8, "Tanh", 0.3, 4, 32, 32, 2),
            LipschitzBenchmark.random("sigmoid 10-50-50-3", 10, "Sigmoid", 0.1, 10, 50, 50, 3),
            LipschitzBenchmark.random("tanh 30-50-50-3", 13, "Tanh", 0.3, 30, 50, 50, 3),
            LipschitzBenchmark.random("relu 784-20-20-10 (random)", 11, "Relu", 0.02, 784, 20, 20, 10));
        System.out.println("| net | eps | norm | CROWN over box | CROWN over ball | ball/box | sampled lower in ball | ball/lower "
            + "| s box | s ball |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (LipschitzBenchmark.Case k : cases) {
            for (InputNorm norm : new InputNorm[] {InputNorm.L2, InputNorm.L1}) {
                run(k, norm);
            }
        }
    }

    private static void run(LipschitzBenchmark.Case k, InputNorm norm) {
        Interval box = k.box();
        int n = box.size();
        double eps = (box.upper()[0] - box.lower()[0]) / 2;
        double[] centre = new double[n];
        for (int i = 0; i < n; i++) {
            centre[i] = box.lower()[i] + eps;
        }
        InputSet.Ball ball = InputSet.ball(norm == InputNorm.L2 ? InputSet.Norm.L2 : InputSet.Norm.L1, centre, eps);
        double[] c = new double[k.net().shape(k.net().outputs().get(0)).size()];
        c[0] = 1;
        long t = System.nanoTime();
        LipschitzBound overBox = Lipschitz.of(k.net()).norm(norm).samples(0, 1).bound(ball.box(), c);
        double boxSeconds = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        LipschitzBound overBall = Lipschitz.of(k.net()).norm(norm).samples(0, 1).bound(ball, c);
        double ballSeconds = (System.nanoTime() - t) / 1e9;
        double lower = Lipschitz.of(k.net()).norm(norm).method(Lipschitz.Method.NAIVE).samples(20_000, 1).bound(ball, c).lower();
        if (overBall.upper() < lower || overBox.upper() < lower) {
            throw new AssertionError(k.name() + ": upper bound below a sampled gradient norm " + lower);
        }
        System.out.printf(Locale.ROOT, "| %s | %.3g | %s | %.4g | %.4g | %.2f | %.4g | %.2f | %.2f | %.2f |%n", k.name(), eps,
            norm.name().toLowerCase(Locale.ROOT), overBox.upper(), overBall.upper(), overBall.upper() / overBox.upper(), lower,
            overBall.upper() / lower, boxSeconds, ballSeconds);
    }
}
