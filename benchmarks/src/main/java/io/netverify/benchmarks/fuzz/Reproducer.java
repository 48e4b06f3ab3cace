package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.AtomicFiles;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A failure as a self-contained folder: {@code model.onnx}, {@code spec.vnnlib} (the case's box and,
 * for a soundness failure, the unsafe region that the wrong bound claims empty while the witness
 * lies in it) and {@code README.txt} (the case, the check and the witness).
 */
public final class Reproducer {
    private Reproducer() {
    }

    /** Writes the folder {@code out/<kind>-<seed>} and returns it. */
    public static Path write(Failure f, Path out) throws IOException {
        FuzzCase c = f.fuzzCase();
        Path dir = out.resolve(f.kind() + "-" + c.seed());
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("model.onnx"), c.onnx());
        AtomicFiles.write(dir.resolve("spec.vnnlib"), vnnlib(c, f.outputs(), f.atom()).getBytes(StandardCharsets.UTF_8));
        String readme = f + "\nwitness: " + (f.point() == null ? "none" : Arrays.toString(f.point())) + "\n";
        AtomicFiles.write(dir.resolve("README.txt"), readme.getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    /** A VNN-LIB file: the case's box and, when given, one unsafe atom (else an always-true one on Y_0). */
    public static String vnnlib(FuzzCase c, int outputs, String atom) {
        StringBuilder s = new StringBuilder("; netverify fuzz case " + c.seed() + "\n");
        for (int i = 0; i < c.inputs(); i++) {
            s.append("(declare-const X_").append(i).append(" Real)\n");
        }
        for (int j = 0; j < outputs; j++) {
            s.append("(declare-const Y_").append(j).append(" Real)\n");
        }
        for (int i = 0; i < c.inputs(); i++) {
            s.append("(assert (>= X_").append(i).append(' ').append(decimal(c.lower()[i])).append("))\n");
            s.append("(assert (<= X_").append(i).append(' ').append(decimal(c.upper()[i])).append("))\n");
        }
        s.append("(assert ").append(atom == null ? "(<= Y_0 Y_0)" : atom).append(")\n");
        return s.toString();
    }

    /**
     * The exact value of d as a decimal (infinities as the largest double): VNN-LIB constants are read
     * exactly, so the shortest decimal that reads back as d would state another number.
     */
    public static String decimal(double d) {
        double finite = Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, d));
        return new BigDecimal(finite).toString();
    }
}
