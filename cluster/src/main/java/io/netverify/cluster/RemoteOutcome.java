package io.netverify.cluster;

import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verdict;

import java.io.Serializable;

/** A task's result as it travels between members. */
record RemoteOutcome(String verdict, double[] input, double[] output, String detail, double seconds, String worker)
    implements Serializable {
    static RemoteOutcome of(VerificationResult r, String worker) {
        return new RemoteOutcome(r.verdict().name(), r.input(), r.output(), r.detail(), r.seconds(), worker);
    }

    VerificationResult result() {
        return new VerificationResult(Verdict.valueOf(verdict), input, output, detail, seconds);
    }
}
