package io.netverify.benchmarks;

import io.netverify.bab.lp.LpBound;
import io.netverify.bab.lp.LpSolver;
import io.netverify.bab.lp.OjAlgoLpSolver;
import io.netverify.bab.lp.OrToolsLpSolver;
import io.netverify.bab.lp.PlanetLp;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.Split;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.VnnlibParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the Planet (triangle) LP of an instance's first spec row with OR-Tools GLOP, OR-Tools HiGHS
 * and ojAlgo, in one process (ratios to GLOP are what to read on a shared machine), and GLOP's warm
 * starts: the other spec rows as new objectives, and a sibling domain (one ReLU split) moved to.
 * Intermediate bounds are CROWN's over the spec's first box.
 *
 * <p>Usage: {@code LpBenchmark <shared folder> [--no-ojalgo] <benchmark>:<onnx>:<vnnlib>...}, the files relative to
 * the benchmark's folder as in its instances.csv.
 */
public final class LpBenchmark {
    private static final int REPEATS = 3;
    private static final int SIBLINGS = 8;

    private LpBenchmark() {
    }

    public static void main(String[] args) {
        Path shared = Path.of(args[0]);
        boolean ojalgo = !Arrays.asList(args).contains("--no-ojalgo");
        System.out.println("| instance | LP vars | engine | cold solve (s) | ratio to GLOP | LP value row 0 | safe bound row 0 | CROWN row 0 |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<String> warmLines = new ArrayList<>();
        for (int a = 1; a < args.length; a++) {
            if (args[a].startsWith("--")) {
                continue;
            }
            String[] parts = args[a].split(":");
            Path dir = shared.resolve("benchmarks").resolve(parts[0]);
            Graph g = OnnxModel.read(dir.resolve(parts[1])).toGraph();
            SpecCase sc = VnnlibParser.parse(dir.resolve(parts[2])).cases().get(0);
            Interval box = new Interval(sc.box().lower(), sc.box().upper());
            double[][] c = rows(sc, g.shape(g.outputs().get(0)).size());
            Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, c, new double[c.length]);
            Map<String, Interval> im = crown.intermediate();
            String name = Path.of(parts[1]).getFileName() + " " + Path.of(parts[2]).getFileName();
            List<LpSolver> engines = new ArrayList<>(List.of(OrToolsLpSolver.glop(),
                new OrToolsLpSolver(OrToolsLpSolver.Engine.HIGHS)));
            if (ojalgo) {
                engines.add(new OjAlgoLpSolver());
            }
            double glop = Double.NaN;
            for (LpSolver s : engines) {
                double[] t = new double[s instanceof OjAlgoLpSolver ? 1 : REPEATS];
                LpBound b = null;
                for (int r = 0; r < t.length; r++) {
                    long start = System.nanoTime();
                    try (PlanetLp lp = PlanetLp.build(g, box, im, List.of(), s)) {
                        b = lp.minimise(c[0]);
                    }
                    t[r] = (System.nanoTime() - start) / 1e9;
                }
                Arrays.sort(t);
                double median = t[t.length / 2];
                glop = Double.isNaN(glop) ? median : glop;
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %.3f | %.2f | %.6f | %.6f | %.6f |%n", name,
                    variables(g), s.name(), median, median / glop, b.lpValue(), b.lowerBound(), crown.lower()[0]);
            }
            warmLines.add(warmStarts(name, g, box, im, c));
        }
        System.out.println();
        System.out.println("| instance | spec rows | GLOP rows fresh (s) | rows warm (s) | siblings | siblings fresh (s) | siblings warm (s) |");
        System.out.println("|---|---|---|---|---|---|---|");
        warmLines.forEach(System.out::println);
    }

    /**
     * GLOP: every spec row solved as a fresh LP vs as new objectives of one session; and sibling
     * domains (a ReLU split on each of the widest unstable neurons of the first layer) built fresh
     * vs moved to from the parent's session.
     */
    private static String warmStarts(String name, Graph g, Interval box, Map<String, Interval> im, double[][] c) {
        LpSolver glop = OrToolsLpSolver.glop();
        long t0 = System.nanoTime();
        for (double[] row : c) {
            try (PlanetLp lp = PlanetLp.build(g, box, im, List.of(), glop)) {
                lp.minimise(row);
            }
        }
        double fresh = (System.nanoTime() - t0) / 1e9;
        List<Split> siblings = widestUnstable(g, im, SIBLINGS);
        try (PlanetLp lp = PlanetLp.build(g, box, im, List.of(), glop)) {
            lp.minimise(c[0]);
            long t1 = System.nanoTime();
            for (double[] row : c) {
                lp.minimise(row);
            }
            double warm = (System.nanoTime() - t1) / 1e9;
            long t2 = System.nanoTime();
            for (Split s : siblings) {
                try (PlanetLp sibling = PlanetLp.build(g, box, im, List.of(s), glop)) {
                    sibling.minimise(c[0]);
                }
            }
            double siblingFresh = (System.nanoTime() - t2) / 1e9;
            long t3 = System.nanoTime();
            for (Split s : siblings) {
                lp.moveTo(box, im, List.of(s));
                lp.minimise(c[0]);
            }
            double siblingWarm = (System.nanoTime() - t3) / 1e9;
            return String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %d | %.3f | %.3f |", name, c.length, fresh, warm,
                siblings.size(), siblingFresh, siblingWarm);
        }
    }

    /** Active-side ReLU splits on the (at most) n unstable neurons of the first ReLU layer with the widest intervals. */
    private static List<Split> widestUnstable(Graph g, Map<String, Interval> im, int n) {
        String v = g.nodes().stream().filter(node -> node.opType().equals("Relu")).findFirst().orElseThrow().input(0);
        Interval iv = im.get(v);
        return java.util.stream.IntStream.range(0, iv.size()).boxed()
            .filter(k -> iv.lower()[k] < 0 && iv.upper()[k] > 0)
            .sorted((a, b) -> Double.compare(iv.upper()[b] - iv.lower()[b], iv.upper()[a] - iv.lower()[a]))
            .limit(n).map(k -> new Split(v, k, 0, true)).toList();
    }

    /** Elements of the input and of every node output except views (which share their input's variables). */
    private static int variables(Graph g) {
        int n = g.shape(g.inputs().get(0).name()).size();
        for (var node : g.nodes()) {
            n += Relaxations.of(node).passesCoefficientsThrough() ? 0 : g.shape(node.output()).size();
        }
        return n;
    }

    private static double[][] rows(SpecCase sc, int outputs) {
        List<double[]> rows = new ArrayList<>();
        for (OutputPolytope p : sc.polytopes()) {
            rows.addAll(Arrays.asList(p.c()));
        }
        return rows.stream().map(r -> Arrays.copyOf(r, outputs)).toArray(double[][]::new);
    }
}
