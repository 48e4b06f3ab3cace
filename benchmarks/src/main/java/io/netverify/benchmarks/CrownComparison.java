package io.netverify.benchmarks;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.VnnlibParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * CROWN margins of one instance with several builds of netverify in one JVM, calls interleaved, so
 * that the machine's load (shared cores) weighs on every build alike: each build's classes come from
 * its own class loader. Prints each build's cold time and the median and minimum of the warm calls.
 *
 * <p>Usage: {@code CrownComparison <onnx> <vnnlib> <seconds> <classpath of build 1> <classpath of build 2>...}
 * (the classpath of this class, e.g. benchmarks/target/classes, goes first in each, then the build's jar).
 */
public final class CrownComparison {
    private CrownComparison() {
    }

    public static void main(String[] args) throws Exception {
        List<Supplier<Double>> builds = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            @SuppressWarnings("unchecked")
            Supplier<Double> run = (Supplier<Double>) BuildLoader.instance(args[i], Run.class,
                new Class<?>[] {String.class, String.class}, args[0], args[1]);
            builds.add(run);
        }
        List<List<Double>> times = new ArrayList<>();
        for (Supplier<Double> b : builds) {
            System.out.printf(Locale.ROOT, "build %d cold %.4f s%n", times.size() + 1, b.get());
            times.add(new ArrayList<>());
        }
        long end = System.nanoTime() + (long) (Double.parseDouble(args[2]) * 1e9);
        while (System.nanoTime() < end) {
            for (int b = 0; b < builds.size(); b++) {
                times.get(b).add(builds.get(b).get());
            }
        }
        for (int b = 0; b < builds.size(); b++) {
            List<Double> t = times.get(b);
            Collections.sort(t);
            System.out.printf(Locale.ROOT, "build %d: %d calls, median %.4f s, min %.4f s%n", b + 1, t.size(), t.get(t.size() / 2), t.get(0));
        }
    }

    /** One build's CROWN margins of the spec's first box; get() times one call. */
    public static final class Run implements Supplier<Double> {
        private final Graph graph;
        private final Interval box;
        private final double[][] c;

        public Run(String onnx, String vnnlib) throws Exception {
            graph = OnnxModel.read(Path.of(onnx)).toGraph();
            SpecCase sc = VnnlibParser.parse(Path.of(vnnlib)).cases().get(0);
            box = new Interval(sc.box().lower(), sc.box().upper());
            int outputs = graph.shape(graph.outputs().get(0)).size();
            List<double[]> rows = new ArrayList<>();
            for (OutputPolytope p : sc.polytopes()) {
                rows.addAll(Arrays.asList(p.c()));
            }
            c = rows.stream().map(r -> Arrays.copyOf(r, outputs)).toArray(double[][]::new);
        }

        @Override
        public Double get() {
            long t = System.nanoTime();
            BoundPropagator.of(graph).method(BoundMethod.CROWN).compute(box, c, new double[c.length]);
            return (System.nanoTime() - t) / 1e9;
        }
    }
}
