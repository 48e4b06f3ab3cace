package io.netverify.benchmarks;

import io.netverify.bab.ActivationSplitting;
import io.netverify.bab.BabResult;
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
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Activation splitting under different settings on one instance (first case): the shortlist of
 * the FSB-style neuron choice (1 = plain BaBSR score) and the alpha/beta iterations per domain.
 * All settings start from the same alpha-CROWN root bounds and get the same time; printed per
 * setting: outcome, domains bounded, and the margin lower bound reached.
 *
 * With {@code --tighten=S1,S2,...} it compares instead, at the default settings, how stalled
 * domains tighten their intermediate bounds: {@code none}, {@code crown}
 * ({@link ActivationSplitting#crownRefinement}), a number K (Planet LP on K neurons,
 * {@link ActivationSplitting#lpTightening}), or both ({@code crown+4}).
 *
 * With {@code --root=S1,S2,...} it compares the root bounds branching starts from, each setting with
 * the same total time (root bounds, then the search for the rest): {@code crown}, {@code alpha-final} (final rows
 * optimised only), {@code alpha-N} (every layer optimised, N iterations) or {@code cut-F} (alpha-CROWN
 * cut at fraction F of the time, partial bounds kept); {@code --batch=N} fixes the
 * domains bounded per batch (default 0: adaptive). As in the verifier, the search gets only the regions
 * the root bounds leave open.
 *
 * With {@code --search=S1,S2,...} it compares search settings from one root (alpha-CROWN cut at a
 * tenth of the seconds), each setting the same time, with the CPU time it took and its phases: each
 * setting is {@code base} (the defaults) or parts joined by {@code +}: {@code kN} (shortlist N for
 * every domain), {@code rF} (refining share F; 0: no refinement), {@code iN} (N optimisation steps
 * per domain), {@code p0} / {@code p1} (a domain's optimisation does not / does stop once it is proved).
 *
 * <p>Usage: {@code ActivationBranchingBenchmark <onnx> <vnnlib> <seconds per setting>
 * [--tighten=none,crown,4 | --root=crown,alpha-50 [--batch=N] | --search=base,k6+r1]}
 */
public final class ActivationBranchingBenchmark {
    private ActivationBranchingBenchmark() {
    }

    public static void main(String[] args) {
        Graph g = OnnxModel.read(Path.of(args[0])).toGraph();
        Specification spec = VnnlibParser.parse(Path.of(args[1]));
        double seconds = Double.parseDouble(args[2]);
        SpecCase sc = spec.cases().get(0);
        int outputs = g.shape(g.outputs().get(0)).size();
        List<UnsafeRegion> regions = sc.polytopes().stream().map(p -> region(p, outputs)).toList();
        Interval box = new Interval(sc.box().lower(), sc.box().upper());
        double[][] c = regions.stream().flatMap(r -> Arrays.stream(r.c())).toArray(double[][]::new);
        double[] d = regions.stream().flatMapToDouble(r -> Arrays.stream(r.d()).map(x -> -x)).toArray();
        Evaluator ev = new Evaluator(g);
        WitnessCheck check = x -> spec.isViolatedBy(x, ev.evaluate(x)) ? Optional.of(x) : Optional.empty();
        if (args.length > 3 && args[3].startsWith("--search=")) {
            long t = System.nanoTime();
            Bounds b = rootBounds(g, "cut-0.1", box, c, d, t, seconds);
            System.out.printf(Locale.ROOT, "root (cut-0.1): %.1f s, margin %.6g%n", (System.nanoTime() - t) / 1e9,
                Arrays.stream(b.lower()).min().orElse(Double.NaN));
            System.out.println("| search | outcome | domains | CPU s | domains per CPU s | margin lower bound | seconds |");
            System.out.println("|---|---|---|---|---|---|---|");
            java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (String setting : args[3].substring("--search=".length()).split(",")) {
                ActivationSplitting s = new ActivationSplitting(g, box, openAtRoot(regions, b.lower()), b.intermediate());
                for (String part : setting.split("\\+")) {
                    if (part.startsWith("k")) {
                        s.shortlist(Integer.parseInt(part.substring(1)));
                    } else if (part.startsWith("r")) {
                        s.refiningShare(Double.parseDouble(part.substring(1)));
                    } else if (part.startsWith("i")) {
                        s.iterations(Integer.parseInt(part.substring(1)), 0.1);
                    } else if (part.startsWith("p")) {
                        s.stopWhenProved(!part.equals("p0"));
                    }
                }
                long cpu = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
                BabResult r = BranchAndBound.of(s).run(check, System.nanoTime() + (long) (seconds * 1e9));
                double cpuS = (((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - cpu) / 1e9;
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.6g | %.1f |%n", setting, r.status(), r.visited(), cpuS,
                    r.visited() / cpuS, r.worstBound(), r.seconds());
                System.err.println(setting + ": " + s.phases());
            }
            return;
        }
        if (args.length > 3 && args[3].startsWith("--root=")) {
            System.out.println("| root bounds | root seconds | root margin | outcome | domains | margin lower bound | seconds |");
            System.out.println("|---|---|---|---|---|---|---|");
            int batch = args.length > 4 && args[4].startsWith("--batch=") ? Integer.parseInt(args[4].substring(8)) : 0;
            for (String setting : args[3].substring("--root=".length()).split(",")) {
                long t = System.nanoTime();
                Bounds b = rootBounds(g, setting, box, c, d, t, seconds);
                double rootSeconds = (System.nanoTime() - t) / 1e9;
                ActivationSplitting s = new ActivationSplitting(g, box, openAtRoot(regions, b.lower()), b.intermediate());
                BabResult r = BranchAndBound.of(s).batchSize(batch).run(check, t + (long) (seconds * 1e9));
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.6g | %s | %d | %.6g | %.1f |%n",
                    setting + (b.partial() ? " (cut short)" : ""), rootSeconds,
                    Arrays.stream(b.lower()).min().orElse(Double.NaN), r.status(), r.visited(), r.worstBound(), r.seconds());
                System.err.println(s.phases());
            }
            return;
        }
        long t0 = System.nanoTime();
        Bounds root = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).compute(box, c, d);
        System.out.printf(Locale.ROOT, "root alpha-CROWN: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (args.length > 3 && args[3].startsWith("--tighten=")) {
            System.out.println("| tightening | outcome | domains | margin lower bound | seconds |");
            System.out.println("|---|---|---|---|---|");
            for (String setting : args[3].substring("--tighten=".length()).split(",")) {
                ActivationSplitting s = new ActivationSplitting(g, box, regions, root.intermediate()).crownRefinement(false);
                for (String part : setting.split("\\+")) {
                    if (part.equals("crown")) {
                        s.crownRefinement(true);
                    } else if (!part.equals("none")) {
                        s.lpTightening(Integer.parseInt(part));
                    }
                }
                BabResult r = BranchAndBound.of(s).run(check, System.nanoTime() + (long) (seconds * 1e9));
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.6g | %.1f |%n", setting, r.status(), r.visited(), r.worstBound(),
                    r.seconds());
            }
            return;
        }
        System.out.println("| shortlist | iterations | outcome | domains | margin lower bound | seconds |");
        System.out.println("|---|---|---|---|---|---|");
        for (int shortlist : new int[] {1, 3, 6}) {
            for (int iterations : new int[] {5, 20}) {
                ActivationSplitting s = new ActivationSplitting(g, box, regions, root.intermediate())
                    .shortlist(shortlist).iterations(iterations, 0.1);
                BabResult r = BranchAndBound.of(s).run(check, System.nanoTime() + (long) (seconds * 1e9));
                System.out.printf(Locale.ROOT, "| %d | %d | %s | %d | %.6g | %.1f |%n", shortlist, iterations, r.status(),
                    r.visited(), r.worstBound(), r.seconds());
            }
        }
    }

    /**
     * Root bounds of a setting started at {@code start} with {@code seconds} in all: {@code crown},
     * {@code alpha-final} (alpha-CROWN on the final rows only, intermediate bounds from CROWN),
     * {@code alpha-N} (alpha-CROWN on every layer, N iterations) or {@code cut-F} (CROWN, then
     * alpha-CROWN on every layer stopped at fraction F of the time, keeping its partial bounds, as the
     * verifier's bound proof does at its alpha-CROWN share).
     */
    private static Bounds rootBounds(Graph g, String setting, Interval box, double[][] c, double[] d, long start, double seconds) {
        BoundPropagator crown = BoundPropagator.of(g).method(BoundMethod.CROWN);
        if (setting.equals("crown")) {
            return crown.compute(box, c, d);
        }
        BoundPropagator p = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN);
        if (setting.equals("alpha-final")) {
            return p.optimiseIntermediate(false).compute(box, c, d);
        }
        if (setting.startsWith("cut-")) {
            long end = start + (long) (seconds * 1e9);
            long until = start + (long) (Double.parseDouble(setting.substring("cut-".length())) * seconds * 1e9);
            return p.deadline(until).keepPartial(crown.compute(box, c, d), end).compute(box, c, d);
        }
        return p.alphaIterations(Integer.parseInt(setting.substring("alpha-".length())), 0.1).compute(box, c, d);
    }

    /**
     * The regions the root's row bounds (stacked in the regions' order) leave open: as the verifier
     * does, branch and bound gets only those.
     */
    private static List<UnsafeRegion> openAtRoot(List<UnsafeRegion> regions, double[] rowLower) {
        List<UnsafeRegion> open = new java.util.ArrayList<>();
        int row = 0;
        for (UnsafeRegion r : regions) {
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < r.c().length; k++) {
                best = Math.max(best, rowLower[row++]);
            }
            if (!(best > 0)) {
                open.add(r);
            }
        }
        return open;
    }

    private static UnsafeRegion region(OutputPolytope p, int outputs) {
        return new UnsafeRegion(Arrays.stream(p.c()).map(r -> Arrays.copyOf(r, outputs)).toArray(double[][]::new), p.d());
    }
}
