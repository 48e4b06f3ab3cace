package io.netverify.verifier.certify;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * Settings of a certification run.
 *
 * @param eps             the L-inf radii, in the data's value range (before normalisation)
 * @param rangeLow        the box is clipped to [rangeLow, rangeHigh] before normalisation
 *                        (infinite: no clipping)
 * @param rangeHigh       see rangeLow
 * @param mean            the model sees {@code (x - mean) / std}
 * @param std             positive
 * @param method          how far to go for each point
 * @param timeoutPerPoint seconds the attack, alpha-CROWN and the complete verifier may spend on one point
 * @param budget          seconds for the whole run; points still open then stay unknown
 * @param seed            seed of the attacks
 * @param attackSteps     PGD steps per open point (0: no attack; robust accuracy is then clean accuracy
 *                        less the points other stages falsified)
 */
public record CertifySettings(double[] eps, double rangeLow, double rangeHigh, double mean, double std,
                              CertifyMethod method, double timeoutPerPoint, double budget, long seed,
                              int attackSteps) implements Serializable {
    public CertifySettings {
        eps = eps.clone();
        if (eps.length == 0) {
            throw new IllegalArgumentException("at least one eps is needed");
        }
        for (double e : eps) {
            if (!(e >= 0) || Double.isInfinite(e)) {
                throw new IllegalArgumentException("eps must be finite and non-negative, got " + e);
            }
        }
        if (!(rangeLow <= rangeHigh)) {
            throw new IllegalArgumentException("range low " + rangeLow + " is above range high " + rangeHigh);
        }
        if (!(std > 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normalisation needs a finite mean and a positive std, got " + mean + ", " + std);
        }
        if (!(timeoutPerPoint > 0) || !(budget > 0)) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (attackSteps < 0) {
            throw new IllegalArgumentException("attack steps must be non-negative, got " + attackSteps);
        }
    }

    /**
     * PGD steps per point by default: two runs of fifty steps (one following the closest class, one
     * targeted). Each step linearises the network, so more steps cost a lot on thousands of points.
     */
    public static final int DEFAULT_ATTACK_STEPS = 100;

    /** Defaults: no clipping or normalisation, CROWN, 10 s per point, no total budget to speak of. */
    public static CertifySettings of(double... eps) {
        return new CertifySettings(eps, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1, CertifyMethod.CROWN,
            10, 1e9, 0, DEFAULT_ATTACK_STEPS);
    }

    public CertifySettings withMethod(CertifyMethod m) {
        return new CertifySettings(eps, rangeLow, rangeHigh, mean, std, m, timeoutPerPoint, budget, seed, attackSteps);
    }

    public CertifySettings withRange(double low, double high) {
        return new CertifySettings(eps, low, high, mean, std, method, timeoutPerPoint, budget, seed, attackSteps);
    }

    public CertifySettings withNormalization(double mean, double std) {
        return new CertifySettings(eps, rangeLow, rangeHigh, mean, std, method, timeoutPerPoint, budget, seed, attackSteps);
    }

    public CertifySettings withTimeouts(double perPoint, double total) {
        return new CertifySettings(eps, rangeLow, rangeHigh, mean, std, method, perPoint, total, seed, attackSteps);
    }

    public CertifySettings withAttackSteps(int steps) {
        return new CertifySettings(eps, rangeLow, rangeHigh, mean, std, method, timeoutPerPoint, budget, seed, steps);
    }

    /**
     * What a certified or falsified outcome depends on besides the model, the point and eps: part of
     * the cache key. Timeouts and the budget are left out: they only decide how much stays unknown.
     */
    public String engineKey() {
        return String.format(Locale.ROOT, "method=%s;range=%s,%s;normalize=%s,%s;seed=%d", method.word(),
            Double.toString(rangeLow), Double.toString(rangeHigh), Double.toString(mean), Double.toString(std), seed);
    }

    @Override
    public String toString() {
        return "CertifySettings[eps=" + Arrays.toString(eps) + ", " + engineKey() + "]";
    }
}
