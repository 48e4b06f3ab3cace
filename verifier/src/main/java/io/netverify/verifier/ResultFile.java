package io.netverify.verifier;

import io.netverify.onnx.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;

/** Writes results in the VNN-COMP result format, atomically (temp file + rename). */
public final class ResultFile {
    private ResultFile() {
    }

    /** {@code sat} followed by {@code ((X_0 v) ... (Y_0 v) ...)}, or the bare verdict word. */
    public static String format(VerificationResult r) {
        StringBuilder sb = new StringBuilder(r.verdict().word()).append('\n');
        if (r.verdict() == Verdict.SAT) {
            sb.append('(');
            appendValues(sb, "X", r.input());
            appendValues(sb, "Y", r.output());
            sb.append(")\n");
        }
        return sb.toString();
    }

    public static void write(Path file, VerificationResult r) throws IOException {
        AtomicFiles.write(file, format(r));
    }

    private static void appendValues(StringBuilder sb, String prefix, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (sb.charAt(sb.length() - 1) != '(') {
                sb.append('\n');
            }
            sb.append('(').append(prefix).append('_').append(i).append(' ').append(values[i]).append(')');
        }
    }
}
