package io.netverify.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A labelled dataset from CSV (gzip-compressed if the name ends in .gz): one sample per line, its
 * features then its integer label (as the UCI digits file {@code digits.csv.gz} is laid out);
 * features are divided by {@code scale}.
 */
public record LabelledCsv(double[][] features, int[] labels) {
    /**
     * Reads a dataset; errors name the file and line.
     *
     * @param file  the CSV file (gzip-compressed if its name ends in .gz)
     * @param scale the factor every feature is multiplied by
     * @return the dataset
     * @throws IOException when the file cannot be read or a line is malformed
     */
    public static LabelledCsv read(Path file, double scale) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                if (rows.size() > 0 && cells.length != rows.get(0).length + 1) {
                    throw new IOException(file + ":" + number + ": " + cells.length + " columns, expected " + (rows.get(0).length + 1));
                }
                double[] x = new double[cells.length - 1];
                try {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = Double.parseDouble(cells[i].trim()) / scale;
                    }
                    double label = Double.parseDouble(cells[cells.length - 1].trim());
                    if (label != Math.rint(label) || label < 0) {
                        throw new NumberFormatException("label " + label + " is not a class number");
                    }
                    labels.add((int) label);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + number + ": " + e.getMessage());
                }
                rows.add(x);
            }
        }
        return new LabelledCsv(rows.toArray(double[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@return the number of samples} */
    public int size() {
        return labels.length;
    }

    /**
     * The samples at some indices.
     *
     * @param indices the indices, in the order wanted
     * @return those samples, in that order
     */
    public LabelledCsv subset(int[] indices) {
        double[][] x = new double[indices.length][];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            x[i] = features[indices[i]];
            y[i] = labels[indices[i]];
        }
        return new LabelledCsv(x, y);
    }

    /**
     * A random split: the first {@code testSize} of a shuffled order as test set, the rest as training set.
     *
     * @param testSize the samples of the test set
     * @param seed     the seed of the shuffle
     * @return the test set and the training set
     */
    public LabelledCsv[] split(int testSize, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        int[] all = order.stream().mapToInt(Integer::intValue).toArray();
        return new LabelledCsv[] {subset(java.util.Arrays.copyOfRange(all, testSize, all.length)),
            subset(java.util.Arrays.copyOfRange(all, 0, testSize))};
    }
}
