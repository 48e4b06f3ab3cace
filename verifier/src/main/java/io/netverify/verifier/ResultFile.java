package io.netverify.verifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
        writeAtomically(file, format(r));
    }

    /** Writes text so that readers see either the old file or the complete new one, never a part. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
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
