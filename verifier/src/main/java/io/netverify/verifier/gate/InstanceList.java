package io.netverify.verifier.gate;

import io.netverify.onnx.Graph;
import io.netverify.onnx.InputFiles;
import io.netverify.onnx.ModelException;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verdict;
import io.netverify.verifier.Verifier;
import io.netverify.verifier.VerifierOptions;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.EpsTotals;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.PointVerdict;
import io.netverify.verifier.certify.ResultCache;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A gate over a VNN-COMP instance list ({@code onnx,vnnlib,timeout} rows, paths relative to the
 * list): each instance is decided by the complete verifier and counts as a point, certified for
 * {@code unsat}, falsified for {@code sat} (with its re-checked witness), unknown otherwise. A point
 * is identified across runs by the SHA-256 of its network's and property's bytes. Not cached.
 */
final class InstanceList {
    /** One row: network, property, timeout in seconds. */
    record Row(Path onnx, Path vnnlib, double timeout) {
    }

    private final Path dir;
    private final List<Row> rows;
    private final Map<Path, Graph> graphs = new HashMap<>();

    private InstanceList(Path dir, List<Row> rows) {
        this.dir = dir;
        this.rows = rows;
    }

    /** The rows at these positions, in this order. */
    InstanceList select(List<Integer> positions) {
        return new InstanceList(dir, positions.stream().map(rows::get).toList());
    }

    /** What identifies each row across machines and orderings: its paths relative to the list's folder. */
    List<String> ids() {
        return rows.stream().map(r -> (dir.relativize(r.onnx()) + "," + dir.relativize(r.vnnlib())).replace('\\', '/')).toList();
    }

    /** Each row's timeout, its expected cost. */
    double[] costs() {
        return rows.stream().mapToDouble(Row::timeout).toArray();
    }

    /** Reads the list; a malformed row is a {@link ConfigException} naming the file and line. */
    static InstanceList read(Path list) throws IOException {
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        Path dir = list.toAbsolutePath().getParent();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            double timeout = f.length == 3 ? parse(f[2].strip()) : Double.NaN;
            if (f.length != 3 || f[0].isBlank() || f[1].isBlank() || !(timeout > 0) || Double.isInfinite(timeout)) {
                throw new ConfigException(list + ":" + (i + 1) + ": expected 'onnx,vnnlib,timeout' with a positive timeout, got '"
                    + line + "'");
            }
            rows.add(new Row(dir.resolve(f[0].strip()).normalize(), dir.resolve(f[1].strip()).normalize(), timeout));
        }
        if (rows.isEmpty()) {
            throw new ConfigException(list + ": no instances");
        }
        return new InstanceList(dir, rows);
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Decides every instance within the spec's timeout cap and the deadline (System.nanoTime). */
    Result run(GateConfig.Spec spec, long deadline, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        List<PointResult> points = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            Row row = rows.get(k);
            Graph g = graph(row.onnx());
            Specification property = VnnlibParser.parse(row.vnnlib());
            property.checkDimensions(g.inputs().get(0).shape().size(), g.shape(g.outputs().get(0)).size(), row.vnnlib().toString());
            keys.add(ResultCache.sha256Hex(InputFiles.readAllBytes(row.onnx()), InputFiles.readAllBytes(row.vnnlib())));
            double left = (deadline - System.nanoTime()) / 1e9;
            double timeout = Math.min(Math.min(row.timeout(), spec.timeoutPerPoint()), left);
            progress.accept(String.format("gate: instance %d/%d %s", k + 1, rows.size(), row.vnnlib().getFileName()));
            PointResult r;
            if (timeout <= 0) {
                r = point(k, PointVerdict.UNKNOWN, "budget", 0, null);
            } else {
                try {
                    VerificationResult v = Verifier.verify(g, property, new VerifierOptions(timeout, 0, line -> { }));
                    PointVerdict verdict = v.verdict() == Verdict.UNSAT ? PointVerdict.CERTIFIED
                        : v.verdict() == Verdict.SAT ? PointVerdict.FALSIFIED : PointVerdict.UNKNOWN;
                    r = point(k, verdict, verdict == PointVerdict.UNKNOWN ? "complete (" + v.verdict().word() + ")" : "complete",
                        v.seconds(), v.input());
                } catch (RuntimeException e) {
                    r = point(k, PointVerdict.ERROR, "complete: " + e, 0, null);
                }
            }
            points.add(r);
        }
        EpsTotals totals = EpsTotals.of(0, points);
        return new Result(new CertifyReport(points, List.of(totals), (System.nanoTime() - start) / 1e9), keys);
    }

    /** The report (one point per instance, eps 0, label and prediction 0) and each point's key. */
    record Result(CertifyReport report, List<String> keys) {
    }

    private static PointResult point(int k, PointVerdict v, String by, double seconds, double[] witness) {
        return new PointResult(k, 0, 0, 0, v, Double.NaN, by, seconds, witness, false);
    }

    private Graph graph(Path onnx) {
        Graph g = graphs.computeIfAbsent(onnx, p -> OnnxModel.read(p).toGraph());
        if (g.inputs().size() != 1 || g.outputs().size() != 1) {
            throw new ModelException(onnx + ": the network has " + g.inputs().size() + " inputs and " + g.outputs().size()
                + " outputs; one of each is supported");
        }
        return g;
    }
}
