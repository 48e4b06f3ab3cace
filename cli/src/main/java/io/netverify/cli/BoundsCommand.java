package io.netverify.cli;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code verify bounds}: sound bounds of the outputs and of the spec's margins over one input box. */
@Command(name = "bounds", mixinStandardHelpOptions = true,
    description = {"Computes sound bounds of the network outputs and of the property's margins.",
        "There is one margin per output constraint of the spec: c.y - d for the unsafe atom c.y <= d, so a positive "
            + "margin lower bound excludes that atom. Bounds are over one input box (--box)."})
final class BoundsCommand implements Callable<Integer> {
    @Mixin
    InstanceFiles files;

    @Option(names = "--method", paramLabel = "M", defaultValue = "crown",
        description = "ibp, crown or alpha-crown (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--box", paramLabel = "K", defaultValue = "0", description = "Which input box of the spec (default: ${DEFAULT-VALUE}).")
    int box;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BoundMethod m = OptionWords.boundMethod(method);
        Graph g = OnnxModel.read(files.onnx).toGraph();
        Specification property = VnnlibParser.parse(files.vnnlib);
        int outputs = g.shape(g.outputs().get(0)).size();
        property.checkDimensions(g.inputs().get(0).shape().size(), outputs, files.vnnlib.toString());
        if (box < 0 || box >= property.cases().size()) {
            throw new UsageException("--box " + box + " out of range: the spec has " + property.cases().size() + " input box(es)");
        }
        SpecCase sc = property.cases().get(box);
        InputBox b = sc.box();
        List<double[]> rows = new ArrayList<>();
        List<Double> offsets = new ArrayList<>();
        for (OutputPolytope p : sc.polytopes()) {
            for (int k = 0; k < p.rows(); k++) {
                double[] c = new double[outputs];
                for (int j = 0; j < outputs; j++) {
                    c[j] = p.c()[k][j];
                }
                rows.add(c);
                offsets.add(-p.d()[k]);
            }
        }
        long start = System.nanoTime();
        BoundPropagator prop = BoundPropagator.of(g).method(m);
        Interval x = new Interval(b.lower(), b.upper());
        Bounds raw = prop.compute(x);
        Bounds margins = rows.isEmpty() ? null
            : prop.compute(x, rows.toArray(double[][]::new), offsets.stream().mapToDouble(Double::doubleValue).toArray());
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        double[] ml = margins == null ? new double[0] : margins.lower();
        double[] mu = margins == null ? new double[0] : margins.upper();
        if (json) {
            out.printf(Locale.ROOT, "{\"method\":\"%s\",\"lower\":%s,\"upper\":%s,\"margin_lower\":%s,\"margin_upper\":%s,\"seconds\":%s}%n",
                method.toLowerCase(Locale.ROOT), array(raw.lower()), array(raw.upper()), array(ml), array(mu), seconds);
        } else {
            out.printf(Locale.ROOT, "method: %s, box %d of %d, %.4f s%n", method, box, property.cases().size(), seconds);
            for (int j = 0; j < outputs; j++) {
                out.printf(Locale.ROOT, "Y_%-4d [%.9g, %.9g]%n", j, raw.lower()[j], raw.upper()[j]);
            }
            for (int k = 0; k < ml.length; k++) {
                out.printf(Locale.ROOT, "margin %-3d [%.9g, %.9g]%s%n", k, ml[k], mu[k], ml[k] > 0 ? "  excluded" : "");
            }
        }
        return 0;
    }

    private static String array(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Double.isFinite(v[i]) ? Double.toString(v[i]) : "null");
        }
        return sb.append(']').toString();
    }
}
