package io.netverify.verifier.certify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads numeric CSV: one row per point, comma-separated numbers; a first row that is not numeric is
 * a header and skipped; blank lines are skipped. Every row must have as many fields as the first.
 */
final class CsvFormat {
    private CsvFormat() {
    }

    static NumericArray read(byte[] bytes, String file) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            double[] row = new double[fields.length];
            for (int j = 0; j < fields.length; j++) {
                try {
                    row[j] = Double.parseDouble(fields[j].strip());
                } catch (NumberFormatException e) {
                    if (rows.isEmpty() && width < 0) {
                        break;
                    }
                    throw new DataException(file + ":" + (i + 1) + ": field " + (j + 1) + " '" + fields[j].strip()
                        + "' is not a number");
                }
                if (!Double.isFinite(row[j])) {
                    throw new DataException(file + ":" + (i + 1) + ": field " + (j + 1) + " is not finite");
                }
            }
            if (width < 0) {
                width = fields.length;
                if (rows.isEmpty() && !numeric(fields)) {
                    continue; // the header
                }
            } else if (fields.length != width) {
                throw new DataException(file + ":" + (i + 1) + ": " + fields.length + " fields, the first row has " + width);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new DataException(file + ": no data rows");
        }
        double[] values = new double[rows.size() * width];
        boolean integral = true;
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, values, r * width, width);
        }
        for (double v : values) {
            integral &= v == Math.rint(v);
        }
        return new NumericArray(new int[] {rows.size(), width}, values, false, integral);
    }

    private static boolean numeric(String[] fields) {
        for (String f : fields) {
            try {
                Double.parseDouble(f.strip());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
