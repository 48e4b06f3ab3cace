package io.netverify.cli;

import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.shard.ShardPoints;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * Some points of a {@code verify certify} run, as a task for a cluster's worker, which reads the
 * model and the data from the same paths as the submitter (and keeps the last ones it read, so the
 * chunks of one run load them once).
 *
 * @param id        the chunk's number within its run
 * @param onnx      the model's path
 * @param data      the data's path
 * @param labels    the labels' path, or null
 * @param limit     the --limit of the run, or null
 * @param settings  the run's settings (on a cluster, the budget holds for each chunk)
 * @param positions the chunk's points: positions in the (limited) data
 */
record CertifyChunk(int id, String onnx, String data, String labels, Integer limit, CertifySettings settings,
                    List<Integer> positions) implements ClusterTask<CertifyChunk.Result> {
    /** Loaded inputs, by what they were loaded from. */
    private record Loaded(List<Object> key, CertifiedModel model, Dataset data) {
    }

    private static Loaded last;

    /**
     * A chunk's outcome.
     *
     * @param points the point results as {@link ShardPoints#format} writes them (positions in the
     *               whole data), or null when the chunk failed
     * @param error  why it failed, or null
     */
    record Result(String points, String error) implements Serializable {
    }

    @Override
    public Result call() {
        try {
            Loaded in = load();
            CertifyReport report = new Certifier(in.model().graph(), settings, null, line -> { }).certify(in.data().select(positions));
            return new Result(ShardPoints.format(ShardPoints.whole(report,
                Collections.nCopies(report.points().size(), ""), positions)), null);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return failed((InputErrors.isInputError(e) ? "" : "internal error: ") + InputErrors.message(e));
        }
    }

    @Override
    public Result failed(String why) {
        return new Result(null, why);
    }

    /** The model and data, read again only when a path or a file's time changed. */
    private Loaded load() throws IOException {
        List<Object> key = List.of(onnx, data, String.valueOf(labels), String.valueOf(limit), modified(onnx), modified(data),
            labels == null ? 0L : modified(labels));
        synchronized (CertifyChunk.class) {
            if (last == null || !last.key().equals(key)) {
                last = null; // let the old ones go first
                CertifiedModel model = CertifiedModel.load(Path.of(onnx));
                Dataset all = Dataset.read(Path.of(data), labels == null ? null : Path.of(labels));
                all = limit == null ? all : all.limit(limit);
                model.check(all, Path.of(data));
                last = new Loaded(key, model, all);
            }
            return last;
        }
    }

    private static long modified(String file) throws IOException {
        return Files.getLastModifiedTime(Path.of(file)).toMillis();
    }
}
