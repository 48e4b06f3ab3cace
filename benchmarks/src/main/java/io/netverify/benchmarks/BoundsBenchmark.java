package io.netverify.benchmarks;

import io.netverify.bounds.BoundMethod;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times IBP, CROWN and alpha-CROWN on reference instances against the reference (auto_LiRPA) times
 * stored in the reference files: the first call in this JVM (cold) and the median of repeated calls
 * after warm-up, for the raw outputs and for the spec margins.
 *
 * <p>Usage: {@code BoundsBenchmark <shared folder> [--methods=ibp,crown,alpha-crown] <reference json
 * relative to reference/bounds>...}
 */
public final class BoundsBenchmark {
    private static final int REPEATS = 15;

    private BoundsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        List<String> methods = List.of("ibp", "crown", "alpha-crown");
        int first = 1;
        if (args.length > 1 && args[1].startsWith("--methods=")) {
            methods = List.of(args[1].substring("--methods=".length()).split(","));
            first = 2;
        }
        System.out.println("| instance | method | ours cold (s) | ours warm median (s) | reference (s) | ratio warm/ref |");
        System.out.println("|---|---|---|---|---|---|");
        for (int a = first; a < args.length; a++) {
            ReferenceJson.Instance inst = ReferenceJson.load(shared, args[a]);
            for (String method : methods) {
                BoundMethod m = method.equals("ibp") ? BoundMethod.IBP : method.equals("crown") ? BoundMethod.CROWN : BoundMethod.ALPHA_CROWN;
                int repeats = m == BoundMethod.ALPHA_CROWN ? 3 : REPEATS;
                double cold = ReferenceJson.time(() -> inst.margins(p -> p.method(m)));
                double[] warm = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    warm[r] = ReferenceJson.time(() -> inst.margins(p -> p.method(m)));
                }
                Arrays.sort(warm);
                double ref = ReferenceJson.marginSeconds(inst.text(), method);
                System.out.printf(Locale.ROOT, "| %s | %s margins | %.4f | %.4f | %.4f | %.2f |%n",
                    Path.of(args[a]).getFileName(), method, cold, warm[repeats / 2], ref, warm[repeats / 2] / ref);
            }
        }
    }

}
