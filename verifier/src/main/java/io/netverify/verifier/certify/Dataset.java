package io.netverify.verifier.certify;

import io.netverify.onnx.InputFiles;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Labelled points to certify, in the data's own value range (before any normalisation). Unsigned
 * byte data (IDX {@code ubyte}, {@code uint8} .npy) is divided by 255, so pixels lie in [0, 1] as
 * torchvision's {@code ToTensor} gives them to a model.
 *
 * @param points one flat row-major array per point
 * @param labels the class of each point
 * @param pointShape the shape of one point in the file (for messages)
 */
public record Dataset(double[][] points, int[] labels, int[] pointShape) {
    public int size() {
        return points.length;
    }

    /** The first {@code n} points (all when n is at least the size). */
    public Dataset limit(int n) {
        return n >= size() ? this : new Dataset(Arrays.copyOf(points, n), Arrays.copyOf(labels, n), pointShape);
    }

    /** The points at these positions, in this order. */
    public Dataset select(List<Integer> positions) {
        return new Dataset(positions.stream().map(i -> points[i]).toArray(double[][]::new),
            positions.stream().mapToInt(i -> labels[i]).toArray(), pointShape);
    }

    /** What identifies each point across runs and orderings: the SHA-256 of its values and label. */
    public List<String> ids() {
        return IntStream.range(0, size()).mapToObj(i -> ResultCache.pointKey(points[i], labels[i], 0)).toList();
    }

    /**
     * Reads points and labels. Formats by content and name: {@code .npy}, {@code .csv}, IDX (any name,
     * gzipped or not). Without a labels file the data must be CSV with the label as the last field.
     */
    public static Dataset read(Path data, Path labels) throws IOException {
        NumericArray x = array(data);
        int[] y;
        if (labels == null) {
            if (!isCsv(data)) {
                throw new DataException(data + ": a labels file is needed (labels are the last CSV field only for CSV data)");
            }
            if (x.rowSize() < 2) {
                throw new DataException(data + ": rows need features then a label, got one field");
            }
            int w = x.rowSize();
            double[] labelColumn = new double[x.rows()];
            double[] features = new double[x.rows() * (w - 1)];
            for (int r = 0; r < x.rows(); r++) {
                System.arraycopy(x.values(), r * w, features, r * (w - 1), w - 1);
                labelColumn[r] = x.values()[r * w + w - 1];
            }
            y = labels(labelColumn, data + " (last field)");
            x = new NumericArray(new int[] {x.rows(), w - 1}, features, false, false);
        } else {
            NumericArray l = array(labels);
            if (l.rowSize() != 1) {
                throw new DataException(labels + ": labels must be one per point, got shape " + Arrays.toString(l.shape()));
            }
            y = labels(l.values(), labels.toString());
        }
        if (x.shape().length < 2 && !isCsv(data)) {
            throw new DataException(data + ": expected an array of points (first axis: points), got shape "
                + Arrays.toString(x.shape()));
        }
        if (y.length != x.rows()) {
            throw new DataException((labels == null ? data : labels) + ": " + y.length + " labels for " + x.rows() + " points");
        }
        double scale = x.bytes() ? 1 / 255.0 : 1;
        int w = x.rowSize();
        double[][] points = new double[x.rows()][w];
        for (int r = 0; r < points.length; r++) {
            for (int i = 0; i < w; i++) {
                points[r][i] = x.values()[r * w + i] * scale;
                if (!Double.isFinite(points[r][i])) {
                    throw new DataException(data + ": point " + r + ", value " + i + " is " + points[r][i] + ", not a finite number");
                }
            }
        }
        return new Dataset(points, y, x.rowShape());
    }

    /** Checks that every point has {@code inputSize} values: one clear error naming both shapes. */
    public void checkInput(int inputSize, String inputDescription, Path data) {
        int w = points.length == 0 ? inputSize : points[0].length;
        if (w != inputSize) {
            throw new DataException(data + ": each point has shape " + Arrays.toString(pointShape) + " (" + w
                + " values), but the network input " + inputDescription + " has " + inputSize + " values");
        }
    }

    private static NumericArray array(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = InputFiles.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".npy") || name.endsWith(".npy.gz")) {
            return NpyFormat.read(bytes, file.toString());
        }
        if (isCsv(file) || name.endsWith(".txt") || name.endsWith(".txt.gz")) {
            return CsvFormat.read(bytes, file.toString());
        }
        if (IdxFormat.looksLike(bytes)) {
            return IdxFormat.read(bytes, file.toString());
        }
        throw new DataException(file + ": unknown data format (expected .csv, .npy or an IDX file such as *-idx3-ubyte[.gz])");
    }

    private static boolean isCsv(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".csv.gz");
    }

    private static int[] labels(double[] values, String file) {
        int[] y = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                throw new DataException(file + ": label " + (i + 1) + " is " + v + ", not a class index");
            }
            y[i] = (int) v;
        }
        return y;
    }
}
