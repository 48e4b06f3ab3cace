package io.netverify.verifier.gate;

import io.netverify.verifier.certify.EpsTotals;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** A gated metric of one spec's totals, with its name in configurations and reports. */
public enum Metric {
    CERTIFIED_ACCURACY(EpsTotals::certifiedAccuracy),
    CLEAN_ACCURACY(EpsTotals::cleanAccuracy),
    ROBUST_ACCURACY(EpsTotals::robustAccuracy),
    UNKNOWN_RATE(EpsTotals::unknownRate);

    private final ToDoubleFunction<EpsTotals> value;

    Metric(ToDoubleFunction<EpsTotals> value) {
        this.value = value;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public double of(EpsTotals t) {
        return value.applyAsDouble(t);
    }

    static Metric named(String key) {
        for (Metric m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        return null;
    }
}
