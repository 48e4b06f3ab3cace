package io.netverify.verifier.gate;

import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.EpsTotals;
import io.netverify.verifier.certify.PointResult;

import java.util.List;

/**
 * What the gate found for one spec.
 *
 * @param spec                the spec
 * @param report              every point's result
 * @param checks              thresholds, baseline comparisons and (when asked) per-point checks, in order
 * @param newViolations       points certified in the baseline that now have a counterexample
 * @param counterexampleFiles the counterexample file of each point result (null entries: none), in report order
 * @param pointKeys           what identifies each point result across runs (for baselines), in report order
 * @param cacheHits           results taken from the cache
 */
public record SpecOutcome(GateConfig.Spec spec, CertifyReport report, List<Check> checks, List<PointResult> newViolations,
                          String[] counterexampleFiles, List<String> pointKeys, int cacheHits) {
    public EpsTotals totals() {
        return report.totals().get(0);
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** The counterexample file of a point result of this spec, or null. */
    public String counterexampleFile(PointResult r) {
        return counterexampleFiles == null ? null : counterexampleFiles[report.points().indexOf(r)];
    }
}
