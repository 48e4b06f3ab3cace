package io.netverify.benchmarks.fuzz;

import com.code_intelligence.jazzer.Jazzer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the ONNX reader or the VNN-LIB parser with Jazzer (libFuzzer), checking
 * {@link ParserContract} on every input: a result or the one-line input error, nothing else, and no
 * input running past 5 s. Seeded with the synthetic seeds of {@link ParserSeeds} and every file of
 * the kind under {@code <shared>/benchmarks}. A finding stops the run; libFuzzer writes it as
 * {@code crash-*} (or {@code timeout-*}) into the work folder, with a Java reproducer.
 *
 * <pre>
 * java -Xmx3g -cp ... io.netverify.benchmarks.fuzz.ParserFuzz onnx|vnnlib RUNS SEED SHARED_DIR [MAX_INPUT_BYTES [WORK_DIR]] [--jazzer-flag ...]
 * </pre>
 * Inputs longer than MAX_INPUT_BYTES (default 65536) are not generated; longer seeds are cut to it.
 * Arguments starting with "-" go to Jazzer as they are (e.g. {@code --keep_going=50}).
 */
public final class ParserFuzz {
    private ParserFuzz() {
    }

    public static void main(String[] all) throws IOException, InterruptedException {
        String[] args = Arrays.stream(all).filter(a -> !a.startsWith("-")).toArray(String[]::new);
        List<String> extra = Arrays.stream(all).filter(a -> a.startsWith("-")).toList();
        if (args.length < 4 || !(args[0].equals("onnx") || args[0].equals("vnnlib"))) {
            System.err.println("usage: ParserFuzz onnx|vnnlib RUNS SEED SHARED_DIR [MAX_INPUT_BYTES [WORK_DIR]]");
            System.exit(2);
        }
        boolean onnx = args[0].equals("onnx");
        long runs = Long.parseLong(args[1]);
        long seed = Long.parseLong(args[2]);
        Path shared = Path.of(args[3]);
        int maxLength = args.length > 4 ? Integer.parseInt(args[4]) : 65536;
        Path work = args.length > 5 ? Files.createDirectories(Path.of(args[5])) : Files.createTempDirectory("netverify-fuzz-" + args[0]);
        Path seeds = Files.createDirectories(work.resolve("seeds"));
        Path corpus = Files.createDirectories(work.resolve("corpus"));
        List<byte[]> inputs = new ArrayList<>(onnx ? ParserSeeds.syntheticOnnx() : ParserSeeds.syntheticVnnlib());
        inputs.addAll(ParserSeeds.filesUnder(shared.resolve("benchmarks"), onnx ? ".onnx" : ".vnnlib"));
        for (int i = 0; i < inputs.size(); i++) {
            Files.write(seeds.resolve(String.format("seed-%04d", i)), inputs.get(i));
        }
        System.out.printf("fuzzing the %s with %d seeds, %d runs, seed %d, work folder %s%n",
            onnx ? "ONNX reader" : "VNN-LIB parser", inputs.size(), runs, seed, work);
        List<String> jazzer = new ArrayList<>(List.of(
            "--target_class=" + (onnx ? OnnxReaderFuzzTarget.class : VnnlibFuzzTarget.class).getName(),
            "--instrumentation_includes=io.netverify.**",
            // Jazzer's sanitizer hooks are for injection bugs; hooking protobuf's classes costs seconds as each loads
            "--custom_hook_excludes=com.google.**:ai.onnx.**",
            "-runs=" + runs, "-seed=" + seed, "-timeout=5", "-max_len=" + maxLength, "-rss_limit_mb=0",
            "-print_final_stats=1", "-artifact_prefix=" + work + "/"));
        jazzer.addAll(extra);
        jazzer.add(corpus.toString());
        jazzer.add(seeds.toString());
        Jazzer.main(jazzer.toArray(String[]::new));
    }
}
