package io.netverify.benchmarks.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the random-graph soundness fuzzer and the verdict cross-check on many seeded cases and
 * writes a self-contained ONNX + VNN-LIB reproducer for each failure.
 *
 * <pre>java ... io.netverify.benchmarks.fuzz.FuzzRunner COUNT SEED [OUT_DIR] [--verdict=K] [--all]</pre>
 *
 * COUNT soundness cases from seed SEED (case i uses seed SEED + i), then K verdict cases (default
 * COUNT / 100); reproducers go to OUT_DIR (default {@code fuzz-failures}), at most 3 per class.
 * Cases in {@link KnownBroken} are skipped unless {@code --all} is given.
 */
public final class FuzzRunner {
    private FuzzRunner() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: FuzzRunner COUNT SEED [OUT_DIR] [--verdict=K] [--all]");
            System.exit(2);
        }
        long count = Long.parseLong(args[0]);
        long seed = Long.parseLong(args[1]);
        Path out = Path.of("fuzz-failures");
        long verdictCount = Math.max(1, count / 100);
        boolean all = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("--verdict=")) {
                verdictCount = Long.parseLong(args[i].substring("--verdict=".length()));
            } else if (args[i].equals("--all")) {
                all = true;
            } else {
                out = Path.of(args[i]);
            }
        }
        Map<String, Integer> byClass = new TreeMap<>();
        Map<String, Integer> written = new TreeMap<>();
        long start = System.nanoTime();
        SoundnessFuzzer fuzzer = new SoundnessFuzzer(1000, 20);
        long[] sound = run(count, seed, RandomNetworks::draw, fuzzer::check, all, byClass, written, out, "soundness", start);
        double soundSeconds = (System.nanoTime() - start) / 1e9;
        VerdictCrossCheck verdicts = new VerdictCrossCheck(2.0, 20_000);
        long[] verdict = run(verdictCount, seed + count, VerdictCrossCheck::draw, verdicts::check, all, byClass, written, out, "verdict",
            start);
        long run = sound[0];
        long skipped = sound[1];
        long verdictRun = verdict[0];
        long verdictSkipped = verdict[1];
        System.out.printf("soundness: %d cases run (%d refused by a bound method: input interval where an operator is undefined),"
            + " %d known-broken skipped, %.0f s%n", run, fuzzer.refusals(), skipped, soundSeconds);
        System.out.printf("verdicts: %d cases run, %d known-broken skipped, %.0f s%n", verdictRun, verdictSkipped,
            (System.nanoTime() - start) / 1e9 - soundSeconds);
        System.out.println("failures by class: " + byClass);
        System.exit(byClass.isEmpty() ? 0 : 1);
    }

    /** Runs {@code count} cases from {@code seed}; returns how many ran and how many were skipped as known broken. */
    private static long[] run(long count, long seed, java.util.function.LongFunction<FuzzCase> draw,
                              java.util.function.Function<FuzzCase, List<Failure>> check, boolean all, Map<String, Integer> byClass,
                              Map<String, Integer> written, Path out, String what, long start) throws IOException {
        long run = 0;
        long skipped = 0;
        for (long i = 0; i < count; i++) {
            FuzzCase c = draw.apply(seed + i);
            if (!all && KnownBroken.excludes(c)) {
                skipped++;
                continue;
            }
            run++;
            List<Failure> failures = new ArrayList<>();
            try {
                failures.addAll(check.apply(c));
            } catch (RuntimeException e) {
                failures.add(Failure.of(c, "harness-error", e.toString()));
            }
            report(failures, byClass, written, out);
            if ((i + 1) % 1000 == 0) {
                System.out.printf("%d %s cases (%d run, %d known-broken skipped), %.0f s, failures %s%n", i + 1, what, run, skipped,
                    (System.nanoTime() - start) / 1e9, byClass);
            }
        }
        return new long[] {run, skipped};
    }

    private static void report(List<Failure> failures, Map<String, Integer> byClass, Map<String, Integer> written, Path out)
        throws IOException {
        for (Failure f : failures) {
            byClass.merge(f.kind(), 1, Integer::sum);
            if (written.merge(f.kind(), 1, Integer::sum) <= 3) {
                Path dir = Reproducer.write(f, out);
                System.out.println("FAILURE " + f + "\n  reproducer: " + dir);
            } else {
                System.out.println("FAILURE " + f.kind() + " seed " + f.fuzzCase().seed() + " " + f.fuzzCase().features());
            }
        }
    }
}
