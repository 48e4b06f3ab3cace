package io.netverify.verifier.gate;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.Lipschitz;
import io.netverify.verifier.certify.CertifyMethod;

import java.nio.file.Path;
import java.util.List;

/**
 * A CI robustness gate, as read from YAML by {@link GateConfigParser}. Paths are resolved against
 * the configuration file's folder.
 *
 * @param model        the ONNX classifier (null with an instance list)
 * @param data         the labelled points (null with an instance list)
 * @param instances    a VNN-COMP instance list ({@code onnx,vnnlib,timeout} rows) decided by the complete
 *                     verifier instead of model and data, or null
 * @param specs        the named properties, each with its thresholds
 * @param baseline     regression settings, or null
 * @param unknownFails whether an unknown point fails the gate (and a baseline-certified point that is
 *                     now unknown counts as a regression); otherwise unknowns are neutral
 * @param budget       seconds for all specs together
 * @param maxErrorRate the share of points on which the verifier may fail before the gate exits 3
 * @param cache        the cache folder, or null for none
 * @param reports      where the reports go
 */
public record GateConfig(Path model, Data data, Path instances, List<Spec> specs, Baseline baseline, boolean unknownFails, double budget,
                         double maxErrorRate, Path cache, Reports reports) {
    /** Points, labels (null: last CSV field), value range, normalisation and how many points to take. */
    public record Data(Path points, Path labels, double rangeLow, double rangeHigh, double mean, double std, int limit) {
    }

    /**
     * One property: an L-inf radius, a method, a per-point timeout, the thresholds on its totals and
     * optionally a Lipschitz threshold (null: none).
     * With an instance list, eps is unused, the method is complete and the timeout (infinite when not
     * given) caps each instance's own.
     */
    public record Spec(String name, double eps, CertifyMethod method, double timeoutPerPoint, int attackSteps,
                       List<Threshold> thresholds, LipschitzThreshold lipschitz) {
    }

    /**
     * "Certified local Lipschitz constant <= max at these points": at each of the data points
     * {@code points} (all when null), over the box of radius {@code radius} around it (clipped and
     * normalised as the certificates' boxes), the certified upper bound of the largest output's
     * gradient norm (the dual of {@code norm}), in the data's units, computed by {@code method}.
     *
     * @param where the configuration's file, line and key, for errors found when the data is read
     */
    public record LipschitzThreshold(double max, InputNorm norm, Lipschitz.Method method, double radius, int[] points,
                                     String where) {
    }

    /** {@code metric >= min} or {@code metric <= max}. */
    public record Threshold(Metric metric, boolean isMin, double bound) {
        public boolean holds(double value) {
            return isMin ? value >= bound : value <= bound;
        }

        public String describe() {
            return metric.key() + (isMin ? " >= " : " <= ") + bound;
        }
    }

    /**
     * The baseline file and the allowed drops of certified accuracy (absolute, and relative to the
     * baseline's value), and whether a baseline-certified point with a counterexample now fails the gate.
     */
    public record Baseline(Path file, double maxAbsoluteDrop, double maxRelativeDrop, boolean failOnNewViolations) {
    }

    /** Report files (null: not written) and whether each point gets its own JUnit testcase. */
    public record Reports(Path junit, Path json, Path markdown, Path counterexamples, boolean pointTestcases) {
    }
}
