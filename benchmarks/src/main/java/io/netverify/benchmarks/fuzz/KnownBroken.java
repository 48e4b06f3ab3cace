package io.netverify.benchmarks.fuzz;

import java.util.Map;

/**
 * KNOWN_BROKEN_PENDING_FIX: the operator and magnitude combinations that the fuzzer shows to be
 * unsound or NaN on the current code while their fix is under way (an entry names its reproducer).
 * The suite's seeded cases and the benchmark runner skip a case that uses one of them; remove an
 * entry once its fix is merged (the runner's {@code --all} runs them regardless).
 */
public final class KnownBroken {
    /** A case feature (operator type, or "float16") and when it is excluded: "always" or "extreme" (magnitudes far from 1). */
    static final Map<String, String> KNOWN_BROKEN_PENDING_FIX = Map.of(); // none: Cast, Div, Pow and Reciprocal were fixed

    private KnownBroken() {
    }

    /** Whether the case uses a combination listed in {@link #KNOWN_BROKEN_PENDING_FIX}. */
    public static boolean excludes(FuzzCase c) {
        for (Map.Entry<String, String> e : KNOWN_BROKEN_PENDING_FIX.entrySet()) {
            if (c.features().contains(e.getKey()) && (e.getValue().equals("always") || c.features().contains("extreme"))) {
                return true;
            }
        }
        return false;
    }
}
