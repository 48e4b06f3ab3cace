package io.netverify.benchmarks;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.Bounds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * CROWN or alpha-CROWN margins of reference instances with several builds in one JVM, calls
 * interleaved (each build in its own class loader, as in {@link CrownComparison}): per instance and
 * build the median and minimum of the warm calls against auto_LiRPA's time for the same bounds
 * ({@code margin.seconds.<method>} of the reference file; auto_LiRPA ran on one thread, so the
 * process CPU time per call, all threads, is the fair figure on a shared machine), and the largest difference of each build's
 * bounds from the first build's, relative to the bound's magnitude (at least 1).
 *
 * <p>Usage: {@code ReferenceComparison <shared> <crown|alpha-crown> <seconds per instance> <build
 * classpath>... -- <reference json relative to shared/reference/bounds>...}; each classpath is this
 * class's, then the build's classes. Every build gets at least one warm call per instance.
 */
public final class ReferenceComparison {
    private ReferenceComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        String method = args[1];
        double seconds = Double.parseDouble(args[2]);
        int split = Arrays.asList(args).indexOf("--");
        List<String> builds = Arrays.asList(args).subList(3, split);
        System.out.println("| instance | build | calls | cold (s) | warm median (s) | warm min (s) | CPU median (s) | reference (s) "
            + "| CPU median / ref | max rel. diff to build 1 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String json : Arrays.asList(args).subList(split + 1, args.length)) {
            List<Supplier<Double>> runs = new ArrayList<>();
            for (String cp : builds) {
                @SuppressWarnings("unchecked")
                Supplier<Double> run = (Supplier<Double>) BuildLoader.instance(cp, Run.class,
                    new Class<?>[] {String.class, String.class, String.class}, shared.toString(), json, method);
                runs.add(run);
            }
            double[] cold = runs.stream().mapToDouble(Supplier::get).toArray();
            List<List<Double>> times = new ArrayList<>();
            List<List<Double>> cpu = new ArrayList<>();
            runs.forEach(r -> {
                times.add(new ArrayList<>());
                cpu.add(new ArrayList<>());
            });
            long end = System.nanoTime() + (long) (seconds * 1e9);
            do {
                for (int b = 0; b < runs.size(); b++) {
                    long c0 = AlphaCrownBenchmark.cpuNanos();
                    times.get(b).add(runs.get(b).get());
                    cpu.get(b).add((AlphaCrownBenchmark.cpuNanos() - c0) / 1e9);
                }
            } while (System.nanoTime() < end);
            @SuppressWarnings("unchecked")
            double[] first = ((Callable<double[]>) runs.get(0)).call();
            String text = java.nio.file.Files.readString(shared.resolve("reference/bounds").resolve(json));
            double ref = ReferenceJson.marginSeconds(text, method);
            for (int b = 0; b < runs.size(); b++) {
                List<Double> t = times.get(b);
                t.sort(null);
                List<Double> u = cpu.get(b);
                u.sort(null);
                @SuppressWarnings("unchecked")
                double[] mine = ((Callable<double[]>) runs.get(b)).call();
                double diff = 0;
                for (int i = 0; i < mine.length; i++) {
                    diff = Math.max(diff, Math.abs(mine[i] - first[i]) / Math.max(1, Math.abs(first[i])));
                }
                double cpuMedian = u.get(u.size() / 2);
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.2f | %.1e |%n",
                    Path.of(json).getFileName(), b + 1, t.size(), cold[b], t.get(t.size() / 2), t.get(0), cpuMedian, ref,
                    cpuMedian / ref, diff);
            }
        }
    }

    /** One build's margins of one instance; get() times one call, call() gives the last call's lower then upper bounds. */
    public static final class Run implements Supplier<Double>, Callable<double[]> {
        private final ReferenceJson.Instance instance;
        private final String method;
        private Bounds last;

        public Run(String shared, String json, String method) throws Exception {
            this.instance = ReferenceJson.load(Path.of(shared), json);
            this.method = method;
        }

        @Override
        public Double get() {
            long t = System.nanoTime();
            last = instance.margins(p -> method.equals("alpha-crown")
                ? p.method(BoundMethod.ALPHA_CROWN).intermediate(BoundMethod.CROWN).optimiseIntermediate(true)
                : p.method(BoundMethod.CROWN));
            return (System.nanoTime() - t) / 1e9;
        }

        @Override
        public double[] call() {
            double[] both = Arrays.copyOf(last.lower(), 2 * last.lower().length);
            System.arraycopy(last.upper(), 0, both, last.lower().length, last.upper().length);
            return both;
        }
    }
}
