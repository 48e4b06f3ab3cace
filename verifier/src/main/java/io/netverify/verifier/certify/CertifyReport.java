package io.netverify.verifier.certify;

import java.util.List;

/**
 * The result of certifying a dataset.
 *
 * @param points  every point's result, grouped by eps in the order of the settings, by index within
 * @param totals  one entry per eps, in the order of the settings
 * @param seconds wall-clock time of the whole run
 */
public record CertifyReport(List<PointResult> points, List<EpsTotals> totals, double seconds) {
    /** The results at the eps with position {@code e} in the settings. */
    public List<PointResult> at(int e) {
        int n = points.size() / totals.size();
        return points.subList(e * n, (e + 1) * n);
    }
}
