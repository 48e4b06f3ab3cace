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
import io.netverify.verifier.shard.Shard;
import io.netverify.verifier.shard.ShardPoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

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
        Part all = measure(null);
        return check(all.specs(), updateBaseline, (System.nanoTime() - start) / 1e9);
    }

    /** One spec's results before they are checked, and each point's key (in report order). */
    public record Measured(GateConfig.Spec spec, CertifyReport report, List<String> keys, int cacheHits) {
    }

    /**
     * What a run over one shard's points measured.
     *
     * @param positions the positions of this shard's points in the whole run
     * @param ids       the ids of all points of the whole run
     * @param specs     one result per spec; point indices are positions in the whole run
     */
    public record Part(List<Integer> positions, List<String> ids, List<Measured> specs) {
    }

    /** Runs every spec on the points of {@code shard} (all points when null) without checking anything. */
    public Part measure(Shard shard) throws IOException {
        long start = System.nanoTime();
        long deadline = start + (long) Math.min(config.budget() * 1e9, Long.MAX_VALUE / 4.0);
        InstanceList list = config.instances() == null ? null : InstanceList.read(config.instances());
        CertifiedModel model = list != null ? null : CertifiedModel.load(config.model());
        GateConfig.Data d = config.data();
        Dataset data = list != null ? null : Dataset.read(d.points(), d.labels()).limit(d.limit());
        if (model != null) {
            model.check(data, d.points());
        }
        List<String> ids = list != null ? list.ids() : data.ids();
        List<Integer> positions = shard != null ? shard.select(ids, list != null ? list.costs() : new double[ids.size()])
            : IntStream.range(0, ids.size()).boxed().toList();
        if (shard != null) {
            list = list == null ? null : list.select(positions);
            data = data == null ? null : data.select(positions);
        }
        List<Measured> measured = new ArrayList<>();
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
                Dataset points = data;
                keys = report.points().stream()
                    .map(p -> ResultCache.pointKey(points.points()[p.index()], p.label(), p.eps())).toList();
            }
            if (shard != null) {
                List<ShardPoints.Keyed> whole = ShardPoints.whole(report, keys, positions);
                report = new CertifyReport(whole.stream().map(ShardPoints.Keyed::result).toList(), report.totals(), report.seconds());
            }
            measured.add(new Measured(spec, report, keys, hits));
        }
        return new Part(positions, ids, measured);
    }

    /**
     * Checks measured specs (of the whole run) against their thresholds and the baseline, writes the
     * counterexample files and, with {@code updateBaseline}, the baseline.
     *
     * @param seconds the run's wall-clock time
     */
    public GateResult check(List<Measured> measured, boolean updateBaseline, double seconds) throws IOException {
        BaselineFile baseline = config.baseline() == null || updateBaseline ? null : BaselineFile.read(config.baseline().file());
        List<SpecOutcome> outcomes = new ArrayList<>();
        boolean verifierFailed = false;
        for (Measured m : measured) {
            GateConfig.Spec spec = m.spec();
            CertifyReport report = m.report();
            String[] files = config.reports().counterexamples() == null ? null
                : ReportFiles.writeCounterexamples(report, config.reports().counterexamples().resolve(safe(spec.name())));
            EpsTotals totals = report.totals().get(0);
            verifierFailed |= totals.errorRate() > config.maxErrorRate();
            List<Check> checks = new ArrayList<>(thresholds(spec, totals));
            if (spec.lipschitz() != null) {
                checks.add(LipschitzCheck.run(spec, config, progress));
            }
            List<PointResult> violations = new ArrayList<>();
            if (baseline != null) {
                checks.addAll(regressions(spec, report, m.keys(), baseline, violations, files));
            }
            if (config.unknownFails()) {
                checks.add(new Check("no unknown points", totals.unknown() == 0, String.format(Locale.ROOT,
                    "%d of %d points unknown (unknown: failure)", totals.unknown(), totals.points())));
            }
            outcomes.add(new SpecOutcome(spec, report, checks, violations, files, m.keys(), m.cacheHits()));
        }
        if (updateBaseline && config.baseline() != null) {
            BaselineFile.write(config.baseline().file(), outcomes, version);
        }
        return new GateResult(outcomes, verifierFailed, seconds);
    }

    /** The eps at which a spec's points are reported: the spec's, or 0 with an instance list. */
    public double reportedEps(GateConfig.Spec spec) {
        return config.instances() != null ? 0 : spec.eps();
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
