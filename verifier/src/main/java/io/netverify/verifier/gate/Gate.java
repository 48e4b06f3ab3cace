package io.netverify.verifier.gate;

import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.EpsTotals;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.PointVerdict;
import io.netverify.verifier.certify.ReportFiles;
import io.netverify.verifier.certify.ResultCache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A CI robustness gate: certifies the configured data under every spec ({@link Certifier}, with the
 * result cache), or decides every instance of an instance list ({@link InstanceList}), then checks each spec's thresholds and, with a baseline, its regressions: a drop of
 * certified accuracy beyond the allowed absolute and relative drops, and points certified in the
 * baseline that now have a counterexample (or, when unknowns count as failures, no certificate).
 */
public final class Gate {
    private final GateConfig config;
    private final String version;
    private final Consumer<String> progress;

    /**
     * @param version  the netverify version (part of the cache key and the baseline)
     * @param progress receives progress lines
     */
    public Gate(GateConfig config, String version, Consumer<String> progress) {
        this.config = config;
        this.version = version;
        this.progress = progress;
    }

    /**
     * Runs every spec and checks it. With {@code updateBaseline}, regressions are not checked and the
     * baseline file is rewritten from this run (the thresholds still apply).
     */
    public GateResult run(boolean updateBaseline) throws IOException {
        long start = System.nanoTime();
        long deadline = start + (long) Math.min(config.budget() * 1e9, Long.MAX_VALUE / 4.0);
        BaselineFile baseline = config.baseline() == null || updateBaseline ? null : BaselineFile.read(config.baseline().file());
        InstanceList list = config.instances() == null ? null : InstanceList.read(config.instances());
        CertifiedModel model = list != null ? null : CertifiedModel.load(config.model());
        GateConfig.Data d = config.data();
        Dataset data = list != null ? null : Dataset.read(d.points(), d.labels()).limit(d.limit());
        if (model != null) {
            model.check(data, d.points());
        }
        List<SpecOutcome> outcomes = new ArrayList<>();
        boolean verifierFailed = false;
        for (GateConfig.Spec spec : config.specs()) {
            progress.accept("gate: spec " + spec.name() + (list != null ? "" : " (eps " + spec.eps() + ", " + spec.method().word()
                + ")"));
            CertifyReport report;
            List<String> keys;
            int hits = 0;
            if (list != null) {
                InstanceList.Result r = list.run(spec, deadline, progress);
                report = r.report();
                keys = r.keys();
            } else {
                double left = (deadline - System.nanoTime()) / 1e9;
                CertifySettings settings = new CertifySettings(new double[] {spec.eps()}, d.rangeLow(), d.rangeHigh(), d.mean(),
                    d.std(), spec.method(), spec.timeoutPerPoint(), Math.max(left, 1e-3), 0, spec.attackSteps());
                ResultCache cache = config.cache() == null ? null
                    : ResultCache.open(config.cache(), model.bytes(), settings, version);
                report = new Certifier(model.graph(), settings, cache, progress).certify(data);
                if (cache != null) {
                    cache.save();
                    hits = cache.hits();
                }
                keys = report.points().stream()
                    .map(p -> ResultCache.pointKey(data.points()[p.index()], p.label(), p.eps())).toList();
            }
            String[] files = config.reports().counterexamples() == null ? null
                : ReportFiles.writeCounterexamples(report, config.reports().counterexamples().resolve(safe(spec.name())));
            EpsTotals totals = report.totals().get(0);
            verifierFailed |= totals.errorRate() > config.maxErrorRate();
            List<Check> checks = new ArrayList<>(thresholds(spec, totals));
            List<PointResult> violations = new ArrayList<>();
            if (baseline != null) {
                checks.addAll(regressions(spec, report, keys, baseline, violations, files));
            }
            if (config.unknownFails()) {
                checks.add(new Check("no unknown points", totals.unknown() == 0, String.format(Locale.ROOT,
                    "%d of %d points unknown (unknown: failure)", totals.unknown(), totals.points())));
            }
            outcomes.add(new SpecOutcome(spec, report, checks, violations, files, keys, hits));
        }
        if (updateBaseline && config.baseline() != null) {
            BaselineFile.write(config.baseline().file(), outcomes, version);
        }
        return new GateResult(outcomes, verifierFailed, (System.nanoTime() - start) / 1e9);
    }

    private static List<Check> thresholds(GateConfig.Spec spec, EpsTotals totals) {
        List<Check> out = new ArrayList<>();
        for (GateConfig.Threshold t : spec.thresholds()) {
            double v = t.metric().of(totals);
            boolean ok = t.holds(v);
            out.add(new Check(t.describe(), ok, String.format(Locale.ROOT, "%s = %.4f, required %s %s%s", t.metric().key(), v,
                t.isMin() ? ">=" : "<=", t.bound(), ok ? "" : (t.isMin() ? " (below the minimum)" : " (above the maximum)"))));
        }
        return out;
    }

    private List<Check> regressions(GateConfig.Spec spec, CertifyReport report, List<String> keys, BaselineFile baseline,
                                    List<PointResult> violations, String[] files) {
        BaselineFile.Entry base = baseline.specs().get(spec.name());
        if (base == null) {
            return List.of(new Check("baseline", true, "spec " + spec.name() + " is not in the baseline: nothing to compare"));
        }
        GateConfig.Baseline b = config.baseline();
        List<Check> out = new ArrayList<>();
        Double was = base.metrics().get(Metric.CERTIFIED_ACCURACY.key());
        if (was != null) {
            double now = report.totals().get(0).certifiedAccuracy();
            double drop = was - now;
            double relative = was > 0 ? drop / was : 0;
            boolean ok = drop <= b.maxAbsoluteDrop() + 1e-12 && relative <= b.maxRelativeDrop() + 1e-12;
            out.add(new Check("certified_accuracy vs baseline", ok, String.format(Locale.ROOT,
                "certified_accuracy = %.4f, baseline %.4f: drop %.4f (relative %.4f), allowed %s (relative %s)",
                now, was, drop, relative, b.maxAbsoluteDrop(), b.maxRelativeDrop())));
        }
        List<PointResult> lost = new ArrayList<>();
        Set<String> certified = base.certified();
        for (int k = 0; k < report.points().size(); k++) {
            PointResult r = report.points().get(k);
            if (!certified.contains(keys.get(k))) {
                continue;
            }
            if (r.verdict() == PointVerdict.FALSIFIED) {
                violations.add(r);
            } else if (r.verdict() != PointVerdict.CERTIFIED) {
                lost.add(r);
            }
        }
        StringBuilder listed = new StringBuilder();
        for (PointResult r : violations) {
            String f = files == null ? null : files[report.points().indexOf(r)];
            listed.append(String.format(Locale.ROOT, "%npoint %d (label %d): counterexample found by %s%s", r.index(),
                r.label(), r.decidedBy(), f == null ? "" : " in " + f));
        }
        out.add(new Check("no new violations", violations.isEmpty() || !b.failOnNewViolations(),
            violations.size() + " points certified in the baseline now have a counterexample" + listed));
        if (config.unknownFails()) {
            out.add(new Check("no lost certificates", lost.isEmpty(), lost.size()
                + " points certified in the baseline are now unknown (unknown: failure)"));
        }
        return out;
    }

    /** A spec name as a folder name. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The configuration this gate runs. */
    public GateConfig config() {
        return config;
    }
}
