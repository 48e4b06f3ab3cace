package io.netverify.verifier.attack;

import io.netverify.bounds.LocalLinearization;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.SharedData;
import io.netverify.verifier.Verdict;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verifier;
import io.netverify.verifier.VerifierOptions;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sampling alone, PGD alone and sampling then PGD (from sampling's best point) on benchmark
 * instances known to be falsifiable; every returned point is re-checked by a fresh evaluator. The
 * budgets are modest (overridable with -Dpgd.samples / -Dpgd.steps for measurements); each prints
 * its counts and times.
 */
class PgdAttackSharedTest {
    private static final int SAMPLES = Integer.getInteger("pgd.samples", 5_000);
    private static final int STEPS = Integer.getInteger("pgd.steps", 2_000);
    private static final long SECONDS_PER_ATTACK = 5;

    /** Instances each attack falsified, and their total seconds. */
    private record Counts(int instances, int sampling, int pgd, int both, double samplingSeconds, double pgdSeconds,
                          double bothSeconds, List<Path[]> missedBySampling) {
    }

    /** Rows {onnx, vnnlib} of a csv whose column {@code col} is {@code value}. */
    private static List<Path[]> rows(String benchmark, String csv, int col, String value) throws IOException {
        Path dir = SharedData.file("benchmarks/" + benchmark);
        List<Path[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(csv))) {
            String[] f = line.split(",");
            if (f.length > col && f[col].trim().equals(value)) {
                out.add(new Path[] {dir.resolve(f[0].trim()), dir.resolve(f[1].trim())});
            }
        }
        return out;
    }

    /** A candidate is checked as the verifier does: it, or it moved into the file's exact box, violates the spec. */
    private static boolean checked(Specification spec, Graph g, Optional<double[]> x) {
        x.ifPresent(p -> assertTrue(spec.counterexampleNear(p, List.of(new Evaluator(g)::evaluate)).isPresent(), "false witness"));
        return x.isPresent();
    }

    private static long deadline() {
        return System.nanoTime() + SECONDS_PER_ATTACK * 1_000_000_000L;
    }

    private static Counts attack(List<Path[]> instances) {
        int[] found = new int[3];
        long[] nanos = new long[3];
        List<Path[]> missed = new ArrayList<>();
        for (Path[] inst : instances) {
            Graph g = OnnxModel.read(inst[0]).toGraph();
            Specification spec = VnnlibParser.parse(inst[1]);
            Evaluator exact = new Evaluator(g);
            SamplingAttack sampling = new SamplingAttack(exact, 0);
            PgdAttack pgd = new PgdAttack(exact, LocalLinearization.of(g), 0);
            boolean[] f = new boolean[3];
            for (SpecCase sc : spec.cases()) {
                long t0 = System.nanoTime();
                SamplingAttack.Result r = sampling.search(sc.box().lower(), sc.box().upper(),
                    (x, y) -> sc.inputConstraints().satisfiedBy(x) ? sc.margin(y) : Double.POSITIVE_INFINITY,
                    deadline(), SAMPLES);
                long t1 = System.nanoTime();
                boolean s = checked(spec, g, r.counterexample());
                long t2 = System.nanoTime();
                boolean p = checked(spec, g, pgd.search(sc, List.of(), deadline(), STEPS));
                long t3 = System.nanoTime();
                boolean b = s || checked(spec, g, pgd.search(sc, List.of(r.best()), deadline(), STEPS));
                long t4 = System.nanoTime();
                f[0] |= s;
                f[1] |= p;
                f[2] |= b;
                nanos[0] += t1 - t0;
                nanos[1] += t3 - t2;
                nanos[2] += t1 - t0 + t4 - t3;
            }
            for (int k = 0; k < 3; k++) {
                found[k] += f[k] ? 1 : 0;
            }
            if (!f[0]) {
                missed.add(inst);
            }
        }
        Counts c = new Counts(instances.size(), found[0], found[1], found[2], nanos[0] / 1e9, nanos[1] / 1e9, nanos[2] / 1e9, missed);
        System.out.printf("%d instances: sampling %d (%.1f s), PGD %d (%.1f s), sampling then PGD %d (%.1f s)%n",
            c.instances, c.sampling, c.samplingSeconds, c.pgd, c.pgdSeconds, c.both, c.bothSeconds);
        return c;
    }

    /** Every digits instance that PGD falsified when the benchmark was made; random sampling misses about half. */
    @Test
    void pgdFalsifiesTheDigitsInstancesThatSamplingMisses() throws IOException {
        List<Path[]> sat = rows("digits", "known_answers.csv", 6, "sat");
        assertTrue(sat.size() >= 40, "known_answers.csv lists the sat instances");
        Counts c = attack(sat);
        assertTrue(c.both > c.sampling, "PGD must add counterexamples sampling misses: " + c);
        assertEquals(sat.size(), c.both, "sampling then PGD finds every known counterexample: " + c);
        assertEquals(sat.size(), c.pgd, "PGD alone finds every known counterexample: " + c);
        // the pipeline wires PGD in: the instances sampling misses are falsified by verify, some by its quick PGD
        // (the others by what follows it, e.g. branch and bound's candidates)
        List<String> how = new ArrayList<>();
        for (Path[] inst : c.missedBySampling) {
            VerificationResult r = Verifier.verify(OnnxModel.read(inst[0]).toGraph(), VnnlibParser.parse(inst[1]),
                VerifierOptions.defaults().withTimeout(20));
            assertEquals(Verdict.SAT, r.verdict(), r.detail());
            how.add(r.detail());
        }
        assertTrue(how.stream().anyMatch(d -> d.contains("PGD")), how.toString());
    }

    @Test
    void pgdFalsifiesMostKnownAcasXuCounterexamples() throws IOException {
        List<Path[]> sat = rows("acasxu", "answers.csv", 2, "sat");
        assertTrue(sat.size() > 40, "answers.csv lists the falsifiable instances");
        Counts c = attack(sat);
        assertTrue(4 * c.pgd >= 3 * sat.size(), "PGD alone: " + c);
        assertTrue(c.both > c.sampling, "PGD from sampling's best point adds counterexamples: " + c);
    }
}
