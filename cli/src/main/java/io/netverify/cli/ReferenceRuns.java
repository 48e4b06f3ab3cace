package io.netverify.cli;

import io.netverify.verifier.Verdict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Another verifier's results on the same instances, for comparison: a CSV with the columns
 * {@code onnx,vnnlib,result,wall_s} (others ignored; result as in {@link VerdictWords}), paths
 * relative to the instance list's folder.
 */
final class ReferenceRuns {
    private final String name;
    private final Map<Instance.Key, Outcome> runs;

    private ReferenceRuns(String name, Map<Instance.Key, Outcome> runs) {
        this.name = name;
        this.runs = runs;
    }

    static ReferenceRuns read(Path file, Path instanceDir) throws IOException {
        Csv.Table t = Csv.readTable(file);
        t.require("onnx", "vnnlib", "result", "wall_s");
        Map<Instance.Key, Outcome> runs = new HashMap<>();
        for (Csv.Row r : t.rows()) {
            double seconds;
            try {
                seconds = Double.parseDouble(r.get("wall_s"));
            } catch (NumberFormatException e) {
                throw new UsageException(r.where() + ": wall_s '" + r.get("wall_s") + "' is not a number");
            }
            Instance.Key key = Instance.Key.of(instanceDir.resolve(r.get("onnx")), instanceDir.resolve(r.get("vnnlib")));
            runs.put(key, new Outcome(VerdictWords.parse(r.get("result"), r.where()), seconds));
        }
        String stem = file.getFileName().toString();
        return new ReferenceRuns(stem.endsWith(".csv") ? stem.substring(0, stem.length() - 4) : stem, runs);
    }

    /** The tool's name in tables: the file name without {@code .csv}. */
    String name() {
        return name;
    }

    Optional<Outcome> get(Instance.Key key) {
        return Optional.ofNullable(runs.get(key));
    }
}
