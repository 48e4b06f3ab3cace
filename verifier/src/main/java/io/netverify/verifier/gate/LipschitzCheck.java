package io.netverify.verifier.gate;

import io.netverify.bounds.EnumWords;
import io.netverify.bounds.Interval;
import io.netverify.bounds.lipschitz.Lipschitz;
import io.netverify.bounds.lipschitz.LipschitzBound;
import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.RobustnessProperty;
import io.netverify.verifier.spec.InputBox;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The gate's Lipschitz threshold ({@link GateConfig.LipschitzThreshold}): per point, the largest
 * certified upper bound over the outputs of {@code ||dy_k/dx||} (the input norm's dual) over the
 * point's box, in the data's units (the network sees {@code (x - mean) / std}, so its own bound is
 * divided by std), with the sampled lower bound beside it. The check passes when every point's bound
 * is at most the maximum; its message lists every point.
 */
final class LipschitzCheck {
    /** Gradient evaluations per output for the sampled lower bound. */
    private static final int SAMPLES = 200;

    private LipschitzCheck() {
    }

    /** One point's bounds in data units. */
    private record Point(int index, double upper, double lower) {
    }

    static Check run(GateConfig.Spec spec, GateConfig config, Consumer<String> progress) throws IOException {
        GateConfig.LipschitzThreshold t = spec.lipschitz();
        GateConfig.Data d = config.data();
        CertifiedModel model = CertifiedModel.load(config.model());
        Dataset data = Dataset.read(d.points(), d.labels()).limit(d.limit());
        int[] points = t.points();
        if (points == null) {
            points = java.util.stream.IntStream.range(0, data.size()).toArray();
        }
        for (int p : points) {
            if (p >= data.size()) {
                throw new ConfigException(t.where() + ": point " + p + " is out of range: the data has " + data.size() + " points");
            }
        }
        int classes = model.graph().shape(model.graph().outputs().get(0)).size();
        CertifySettings settings = CertifySettings.of(t.radius()).withRange(d.rangeLow(), d.rangeHigh())
            .withNormalization(d.mean(), d.std());
        progress.accept("gate: spec " + spec.name() + ": Lipschitz bounds at " + points.length + " points");
        Point[] results = new Point[points.length];
        for (int i = 0; i < points.length; i++) {
            int p = points[i];
            InputBox box = RobustnessProperty.of(data.points()[p], data.labels()[p], classes, t.radius(), settings).box();
            Interval region = new Interval(box.lower(), box.upper());
            double upper = 0;
            double lower = 0;
            for (int k = 0; k < classes; k++) {
                double[] c = new double[classes];
                c[k] = 1;
                LipschitzBound b = Lipschitz.of(model.graph()).norm(t.norm()).method(t.method()).samples(SAMPLES, p).bound(region, c);
                upper = Math.max(upper, b.upper());
                lower = Math.max(lower, b.lower());
            }
            // the gradient in data units is the network's divided by std; the quotient rounded up
            results[i] = new Point(p, d.std() == 1 ? upper : Math.nextUp(upper / d.std()), lower / d.std());
        }
        return check(t, results);
    }

    private static Check check(GateConfig.LipschitzThreshold t, Point[] results) {
        Point worst = null;
        int failing = 0;
        StringBuilder lines = new StringBuilder();
        for (Point r : results) {
            worst = worst == null || r.upper() > worst.upper() ? r : worst;
            failing += r.upper() <= t.max() ? 0 : 1;
            lines.append(String.format(Locale.ROOT, "%npoint %d: certified <= %.6g, sampled >= %.6g%s", r.index(), r.upper(),
                r.lower(), r.upper() <= t.max() ? "" : " (above the maximum)"));
        }
        String what = String.format(Locale.ROOT, "certified local Lipschitz constant (%s inputs, %s, radius %s)",
            EnumWords.word(t.norm()), EnumWords.word(t.method()), t.radius());
        String summary = worst == null ? what + ": no points"
            : String.format(Locale.ROOT, "%s: largest %.6g at point %d (sampled >= %.6g), required <= %s; %d of %d points above",
                what, worst.upper(), worst.index(), worst.lower(), t.max(), failing, results.length);
        return new Check("lipschitz <= " + t.max(), failing == 0, summary + lines);
    }
}
