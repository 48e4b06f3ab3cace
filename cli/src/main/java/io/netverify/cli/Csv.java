package io.netverify.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Minimal RFC 4180 CSV: fields may be quoted ({@code "a,b"}, {@code ""} for a quote); values are trimmed. */
final class Csv {
    /** One data row of a file with a header: values by lower-case column name, and where it came from. */
    record Row(String where, Map<String, String> values) {
        String get(String column) {
            return values.getOrDefault(column, "");
        }
    }

    /** A file with a header line: its lower-case column names and its data rows. */
    record Table(Path file, List<String> header, List<Row> rows) {
        boolean has(String column) {
            return header.contains(column);
        }

        /** Fails with one line naming the file unless every column is in the header. */
        void require(String... columns) {
            for (String c : columns) {
                if (!has(c)) {
                    throw new UsageException(file + ": no '" + c + "' column (the header is '" + String.join(",", header) + "')");
                }
            }
        }
    }

    private Csv() {
    }

    static List<String> parseLine(String line, String where) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new UsageException(where + ": unterminated quoted field");
        }
        fields.add(cur.toString().strip());
        return fields;
    }

    /** A file whose first line names the columns; blank lines are skipped. */
    static Table readTable(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        }
        if (lines.isEmpty()) {
            throw new UsageException(file + ": empty file (expected a header line)");
        }
        List<String> header = parseLine(lines.get(0), file + ":1").stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            List<String> f = parseLine(lines.get(i), where);
            if (f.size() > header.size()) {
                throw new UsageException(where + ": " + f.size() + " fields, the header has " + header.size());
            }
            Map<String, String> values = new HashMap<>();
            for (int k = 0; k < f.size(); k++) {
                values.put(header.get(k), f.get(k));
            }
            rows.add(new Row(where, values));
        }
        return new Table(file, header, rows);
    }

    /** A field as written to a CSV file: quoted when it holds a comma, quote or line break. */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    static String line(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(field(values.get(i)));
        }
        return sb.append('\n').toString();
    }
}
