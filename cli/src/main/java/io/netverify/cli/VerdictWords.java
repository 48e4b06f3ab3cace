package io.netverify.cli;

import io.netverify.verifier.Verdict;

import java.util.Locale;

/** Verdict words of answer and result tables: VNN-COMP 2022+ (sat/unsat) and 2021 (violated/holds). */
final class VerdictWords {
    private VerdictWords() {
    }

    /** The verdict a word names; {@code where} locates the word for the error when it names none. */
    static Verdict parse(String word, String where) {
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "sat", "violated" -> Verdict.SAT;
            case "unsat", "holds" -> Verdict.UNSAT;
            case "unknown", "" -> Verdict.UNKNOWN;
            case "timeout" -> Verdict.TIMEOUT;
            case "error" -> Verdict.ERROR;
            default -> throw new UsageException(where + ": '" + word + "' is not a result (sat, unsat, holds, violated, "
                + "unknown, timeout or error)");
        };
    }

    /** An answer that contradicts a known one: a counterexample where none exists, or a proof where one does. */
    static boolean contradicts(Verdict answer, Verdict known) {
        return answer == Verdict.SAT && known == Verdict.UNSAT || answer == Verdict.UNSAT && known == Verdict.SAT;
    }
}
