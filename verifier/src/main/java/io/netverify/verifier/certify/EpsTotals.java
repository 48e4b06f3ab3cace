package io.netverify.verifier.certify;

import java.util.List;

/**
 * The totals at one eps. {@code certified <= robust <= clean} holds by construction: only correctly
 * classified points are certified, and a point counts as robust when it is classified correctly and
 * no counterexample was found (an upper bound of the true robust accuracy).
 */
public record EpsTotals(double eps, int points, int clean, int certified, int robust, int unknown, int errors) {
    public static EpsTotals of(double eps, List<PointResult> results) {
        int clean = 0;
        int certified = 0;
        int robust = 0;
        int unknown = 0;
        int errors = 0;
        for (PointResult r : results) {
            boolean correct = r.prediction() == r.label();
            clean += correct ? 1 : 0;
            certified += correct && r.verdict() == PointVerdict.CERTIFIED ? 1 : 0;
            robust += correct && r.verdict() != PointVerdict.FALSIFIED ? 1 : 0;
            unknown += r.verdict() == PointVerdict.UNKNOWN ? 1 : 0;
            errors += r.verdict() == PointVerdict.ERROR ? 1 : 0;
        }
        return new EpsTotals(eps, results.size(), clean, certified, robust, unknown, errors);
    }

    public double cleanAccuracy() {
        return share(clean);
    }

    public double certifiedAccuracy() {
        return share(certified);
    }

    /** Accuracy under the attacks run: an upper bound of the robust accuracy. */
    public double robustAccuracy() {
        return share(robust);
    }

    public double unknownRate() {
        return share(unknown);
    }

    public double errorRate() {
        return share(errors);
    }

    private double share(int k) {
        return points == 0 ? 0 : (double) k / points;
    }
}
