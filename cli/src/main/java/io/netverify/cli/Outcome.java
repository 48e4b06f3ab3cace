package io.netverify.cli;

import io.netverify.verifier.Verdict;

/** What one tool answered on one instance and how long it took (wall-clock seconds). */
record Outcome(Verdict verdict, double seconds) {
    boolean solved() {
        return verdict == Verdict.SAT || verdict == Verdict.UNSAT;
    }
}
