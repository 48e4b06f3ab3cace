package io.netverify.verifier.certify;

import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.InputConstraints;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The property certified for one point: for every input of the box {@code clip(x - eps, x + eps,
 * range)}, normalised as the model sees it, output {@code label} is the strict maximum. It is violated
 * by an output with {@code y_j >= y_label} for some {@code j != label}: one unsafe polytope
 * {@code y_label - y_j <= 0} per other class, as in the VNN-COMP robustness benchmarks. The box's
 * bounds are computed in float64 with rounding to nearest, as a VNN-LIB file of the same property
 * would state them: certificates and counterexamples refer to that box (which may differ from the
 * real-number box by half an ulp per bound), exactly as for {@code verify run} on the exported file.
 */
public record RobustnessProperty(InputBox box, int label, int classes) {
    /** The property of point x at eps under the settings' range and normalisation. */
    public static RobustnessProperty of(double[] x, int label, int classes, double eps, CertifySettings s) {
        double[] lo = new double[x.length];
        double[] hi = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            lo[i] = normalise(Math.max(s.rangeLow(), Math.min(s.rangeHigh(), x[i] - eps)), s);
            hi[i] = normalise(Math.min(s.rangeHigh(), Math.max(s.rangeLow(), x[i] + eps)), s);
        }
        return new RobustnessProperty(new InputBox(lo, hi), label, classes);
    }

    /** The point as the model sees it. */
    public static double[] modelInput(double[] x, CertifySettings s) {
        double[] m = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            m[i] = normalise(x[i], s);
        }
        return m;
    }

    private static double normalise(double v, CertifySettings s) {
        return (v - s.mean()) / s.std();
    }

    /** The margin rows {@code y_label - y_j}, one per other class j, in class order. */
    public static double[][] marginRows(int label, int classes) {
        double[][] c = new double[classes - 1][classes];
        int r = 0;
        for (int j = 0; j < classes; j++) {
            if (j != label) {
                c[r][label] = 1;
                c[r++][j] = -1;
            }
        }
        return c;
    }

    /** The property as a specification (violated iff some class reaches the label's score). */
    public Specification specification() {
        List<OutputPolytope> unsafe = new ArrayList<>();
        for (double[] row : marginRows(label, classes)) {
            unsafe.add(new OutputPolytope(new double[][] {row}, new double[] {0}));
        }
        InputConstraints none = new InputConstraints(new double[0][], new double[0]);
        return new Specification(box.dimension(), classes, List.of(new SpecCase(box, none, unsafe)));
    }

    /** The same property as VNN-LIB text, for {@code verify run} or other verifiers. */
    public String toVnnlib() {
        StringBuilder sb = new StringBuilder();
        sb.append("; class ").append(label).append(" is the strict maximum on the box\n");
        for (int i = 0; i < box.dimension(); i++) {
            sb.append("(declare-const X_").append(i).append(" Real)\n");
        }
        for (int j = 0; j < classes; j++) {
            sb.append("(declare-const Y_").append(j).append(" Real)\n");
        }
        for (int i = 0; i < box.dimension(); i++) {
            sb.append(String.format(Locale.ROOT, "(assert (>= X_%d %s))%n(assert (<= X_%d %s))%n",
                i, Double.toString(box.lower()[i]), i, Double.toString(box.upper()[i])));
        }
        sb.append("(assert (or\n");
        for (int j = 0; j < classes; j++) {
            if (j != label) {
                sb.append(String.format(Locale.ROOT, "    (and (>= Y_%d Y_%d))%n", j, label));
            }
        }
        return sb.append("))\n").toString();
    }
}
