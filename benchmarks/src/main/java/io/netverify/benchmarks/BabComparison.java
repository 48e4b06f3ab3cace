package io.netverify.benchmarks;

import io.netverify.bab.ActivationDomain;
import io.netverify.bab.ActivationSplitting;
import io.netverify.bab.BabResult;
import io.netverify.bab.BoundedDomain;
import io.netverify.bab.BranchAndBound;
import io.netverify.bab.UnsafeRegion;
import io.netverify.bab.WitnessCheck;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Branch and bound over activations (default settings) on one instance with several builds of
 * netverify in one JVM, rounds alternating between builds, so that the machine's load weighs on
 * every build alike (each build's classes come from its own class loader, as in
 * {@link CrownComparison}). Every round starts the search afresh from the same alpha-CROWN root
 * bounds and runs it for the given seconds; prints the domains bounded per round and each build's
 * median. A search's domain count also depends on its path (which domains got refined), so
 * {@code --throughput=N} measures bounding alone instead: the domains of the first levels of the
 * search (breadth first, no refinement) until there are N, bounded as one batch again and again
 * for the round's seconds; the figure is domains per second.
 *
 * <p>Usage: {@code BabComparison <onnx> <vnnlib> <seconds per round> <rounds> [--throughput=N] <classpath of build 1> <classpath of build 2>...}
 * (the classpath of this class, e.g. benchmarks/target/classes, goes first in each, then the build's jar).
 */
public final class BabComparison {
    private BabComparison() {
    }

    public static void main(String[] args) throws Exception {
        List<Supplier<String>> builds = new ArrayList<>();
        int batch = args[4].startsWith("--throughput=") ? Integer.parseInt(args[4].substring("--throughput=".length())) : 0;
        for (int i = batch > 0 ? 5 : 4; i < args.length; i++) {
            @SuppressWarnings("unchecked")
            Supplier<String> run = (Supplier<String>) BuildLoader.instance(args[i], Run.class,
                new Class<?>[] {String.class, String.class, double.class, int.class},
                args[0], args[1], Double.parseDouble(args[2]), batch);
            builds.add(run);
        }
        List<List<Long>> domains = new ArrayList<>();
        builds.forEach(b -> domains.add(new ArrayList<>()));
        for (int round = 0; round < Integer.parseInt(args[3]); round++) {
            for (int b = 0; b < builds.size(); b++) {
                String outcome = builds.get(b).get();
                System.out.printf(Locale.ROOT, "round %d build %d: %s%n", round + 1, b + 1, outcome);
                domains.get(b).add(Math.round(Double.parseDouble(outcome.split(" ")[0])));
            }
        }
        for (int b = 0; b < builds.size(); b++) {
            List<Long> d = domains.get(b);
            Collections.sort(d);
            System.out.printf(Locale.ROOT, "build %d: median %d %s (min %d, max %d)%n", b + 1, d.get(d.size() / 2),
                batch > 0 ? "domains per second" : "domains per round", d.get(0), d.get(d.size() - 1));
        }
    }

    /**
     * One build's search on the instance's first box; get() runs it once: "domains status bound", or
     * with a batch size "domains-per-second".
     */
    public static final class Run implements Supplier<String> {
        private final Graph graph;
        private final Specification spec;
        private final Interval box;
        private final List<UnsafeRegion> regions;
        private final Bounds root;
        private final double seconds;
        private final int batch;

        public Run(String onnx, String vnnlib, double seconds, int batch) {
            this.graph = OnnxModel.read(Path.of(onnx)).toGraph();
            this.spec = VnnlibParser.parse(Path.of(vnnlib));
            this.seconds = seconds;
            this.batch = batch;
            SpecCase sc = spec.cases().get(0);
            int outputs = graph.shape(graph.outputs().get(0)).size();
            this.regions = sc.polytopes().stream().map(p -> new UnsafeRegion(
                Arrays.stream(p.c()).map(r -> Arrays.copyOf(r, outputs)).toArray(double[][]::new), p.d())).toList();
            this.box = new Interval(sc.box().lower(), sc.box().upper());
            double[][] c = regions.stream().flatMap(r -> Arrays.stream(r.c())).toArray(double[][]::new);
            double[] d = regions.stream().flatMapToDouble(r -> Arrays.stream(r.d()).map(x -> -x)).toArray();
            this.root = BoundPropagator.of(graph).method(BoundMethod.ALPHA_CROWN).compute(box, c, d);
        }

        @Override
        public String get() {
            if (batch > 0) {
                return throughput();
            }
            Evaluator ev = new Evaluator(graph);
            WitnessCheck check = x -> spec.isViolatedBy(x, ev.evaluate(x)) ? Optional.of(x) : Optional.empty();
            ActivationSplitting s = new ActivationSplitting(graph, box, regions, root.intermediate());
            BabResult r = BranchAndBound.of(s).run(check, System.nanoTime() + (long) (seconds * 1e9));
            return String.format(Locale.ROOT, "%d %s %.6g %.1f s", r.visited(), r.status(), r.worstBound(), r.seconds());
        }
    
        private String throughput() {
            ActivationSplitting s = new ActivationSplitting(graph, box, regions, root.intermediate()).crownRefinement(false);
            List<ActivationDomain> domains = s.roots();
            while (domains.size() < batch) {
                List<ActivationDomain> next = new ArrayList<>();
                for (BoundedDomain<ActivationDomain> b : s.bound(domains, Long.MAX_VALUE)) {
                    if (!b.verified()) {
                        next.addAll(s.branch(b));
                    }
                }
                if (next.isEmpty()) {
                    break;
                }
                domains = next;
            }
            List<ActivationDomain> measured = domains.subList(0, Math.min(batch, domains.size()));
            long start = System.nanoTime();
            long bounded = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                s.bound(measured, Long.MAX_VALUE);
                bounded += measured.size();
            }
            return String.format(Locale.ROOT, "%.1f domains per second (%d domains a batch)", bounded / ((System.nanoTime() - start) / 1e9),
                measured.size());
        }
    }
}
