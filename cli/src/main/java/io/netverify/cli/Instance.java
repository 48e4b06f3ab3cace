package io.netverify.cli;

import io.netverify.onnx.Graph;
import io.netverify.onnx.ModelException;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verdict;
import io.netverify.verifier.Verifier;
import io.netverify.verifier.BranchingExecutor;
import io.netverify.verifier.BranchingMode;
import io.netverify.verifier.VerifierOptions;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One VNN-COMP instance: a network, a property and a wall-clock budget (seconds). */
record Instance(Path onnx, Path vnnlib, double timeout) {
    /** Identifies an instance across files: normalised absolute paths, {@code .gz} ignored. */
    record Key(Path onnx, Path vnnlib) {
        static Key of(Path onnx, Path vnnlib) {
            return new Key(plain(onnx), plain(vnnlib));
        }

        private static Path plain(Path p) {
            Path a = p.toAbsolutePath().normalize();
            String name = a.getFileName().toString();
            return name.endsWith(".gz") ? a.resolveSibling(name.substring(0, name.length() - 3)) : a;
        }
    }

    Key key() {
        return Key.of(onnx, vnnlib);
    }

    /**
     * Loads the network and the property and decides the instance. Loading counts against the
     * budget and in the reported seconds, as it does for a VNN-COMP run. Bad input is thrown as the
     * loader's exception (see {@link InputErrors}).
     */
    VerificationResult verify(long seed, Consumer<String> progress, BranchingMode mode) {
        return verify(seed, progress, mode, BranchingExecutor.LOCAL);
    }

    /** As {@link #verify(long, Consumer, BranchingMode)}, with branch and bound's domains bounded by {@code executor}. */
    VerificationResult verify(long seed, Consumer<String> progress, BranchingMode mode, BranchingExecutor executor) {
        long start = System.nanoTime();
        Graph graph = OnnxModel.read(onnx).toGraph();
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new ModelException(onnx + ": the network has " + graph.inputs().size() + " inputs and "
                + graph.outputs().size() + " outputs; one of each is supported");
        }
        Specification property = VnnlibParser.parse(vnnlib);
        property.checkDimensions(graph.inputs().get(0).shape().size(),
            graph.outputs().stream().mapToInt(o -> graph.shape(o).size()).sum(), vnnlib.toString());
        double left = timeout - seconds(start);
        VerificationResult r = left > 0
            ? Verifier.verify(graph, property, new VerifierOptions(left, seed, progress, mode, executor))
            : VerificationResult.of(Verdict.TIMEOUT, "while loading", 0);
        // the verifier only knows the budget left after loading; report the instance's own
        String detail = r.verdict() == Verdict.TIMEOUT
            ? "timeout after " + timeout + " s (loading included) " + r.detail()
            : r.detail();
        return new VerificationResult(r.verdict(), r.input(), r.output(), detail, seconds(start));
    }

    /**
     * Reads a VNN-COMP instance list: {@code onnx,vnnlib,timeout} rows without a header, paths
     * relative to the list's folder. Blank lines are skipped; any other malformed row is a
     * {@link UsageException} naming file and line. Files are not checked here: a missing one is that
     * instance's error, not the list's.
     */
    static List<Instance> readList(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (NoSuchFileException e) {
            throw new UsageException(csv + ": no such file");
        }
        Path dir = csv.toAbsolutePath().getParent();
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = csv + ":" + (i + 1);
            List<String> f = Csv.parseLine(lines.get(i), where);
            if (f.size() != 3 || f.get(0).isBlank() || f.get(1).isBlank()) {
                throw new UsageException(where + ": expected 'onnx,vnnlib,timeout', got '" + lines.get(i).strip() + "'");
            }
            double timeout;
            try {
                timeout = Double.parseDouble(f.get(2));
            } catch (NumberFormatException e) {
                throw new UsageException(where + ": timeout '" + f.get(2) + "' is not a number");
            }
            if (!(timeout > 0) || Double.isInfinite(timeout)) {
                throw new UsageException(where + ": timeout must be positive and finite, got " + f.get(2));
            }
            out.add(new Instance(dir.resolve(f.get(0)).normalize(), dir.resolve(f.get(1)).normalize(), timeout));
        }
        if (out.isEmpty()) {
            throw new UsageException(csv + ": no instances");
        }
        return out;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
