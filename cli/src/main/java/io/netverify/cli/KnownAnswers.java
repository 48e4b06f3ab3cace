package io.netverify.cli;

import io.netverify.verifier.Verdict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Known answers of a benchmark, to catch wrong results. Two formats, told apart by the header:
 * VNN-COMP's {@code onnx,vnnlib,answer,confidence,usable_for_scoring} (only rows with
 * {@code usable_for_scoring=yes} count, when that column exists) and the digits benchmark's
 * {@code known_answers.csv}, whose {@code pgd} column holds {@code sat} (a checked PGD witness) or
 * {@code unknown}. Paths are relative to the instance list's folder. Only sat and unsat are kept.
 */
final class KnownAnswers {
    /** File names looked for beside an instance list, in this order. */
    static final List<String> DEFAULT_NAMES = List.of("answers.csv", "known_answers.csv");

    private final Path file;
    private final Map<Instance.Key, Verdict> answers;

    private KnownAnswers(Path file, Map<Instance.Key, Verdict> answers) {
        this.file = file;
        this.answers = answers;
    }

    static KnownAnswers none() {
        return new KnownAnswers(null, Map.of());
    }

    static KnownAnswers read(Path file, Path instanceDir) throws IOException {
        Csv.Table t = Csv.readTable(file);
        t.require("onnx", "vnnlib");
        String column = t.has("answer") ? "answer" : "pgd";
        if (!t.has(column)) {
            throw new UsageException(file + ": no 'answer' column (VNN-COMP answers) nor 'pgd' column (digits' known_answers.csv); "
                + "the header is '" + String.join(",", t.header()) + "'");
        }
        boolean scored = t.has("usable_for_scoring");
        Map<Instance.Key, Verdict> answers = new HashMap<>();
        for (Csv.Row r : t.rows()) {
            Verdict v = VerdictWords.parse(r.get(column), r.where());
            if (scored && !r.get("usable_for_scoring").equalsIgnoreCase("yes") || v != Verdict.SAT && v != Verdict.UNSAT) {
                continue;
            }
            Instance.Key key = Instance.Key.of(instanceDir.resolve(r.get("onnx")), instanceDir.resolve(r.get("vnnlib")));
            Verdict before = answers.put(key, v);
            if (before != null && before != v) {
                throw new UsageException(r.where() + ": answer " + v.word() + " contradicts an earlier row's " + before.word());
            }
        }
        return new KnownAnswers(file, answers);
    }

    Optional<Verdict> get(Instance.Key key) {
        return Optional.ofNullable(answers.get(key));
    }

    /** The file read, if any. */
    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    int size() {
        return answers.size();
    }
}
