package io.netverify.training;

/**
 * The eps of each training step: 0 before {@code start}, a ramp up to {@code target} over
 * {@code length} steps, then {@code target}. The linear ramp grows evenly; the smoothed ramp (as in
 * CROWN-IBP and auto_LiRPA's smoothed scheduler) grows as {@code p^4} over the first quarter of the
 * ramp ({@code p} its fraction) and then linearly, with value and slope continuous, so the bounds
 * widen slowly while the network is still loose.
 */
public record EpsSchedule(double target, long start, long length, boolean smoothed) {
    private static final double MID = 0.25;
    private static final double POWER = 4;

    /**
     * Checks the target and the step counts.
     *
     * @param target   the eps reached at the end of the ramp
     * @param start    the step where the ramp starts
     * @param length   the steps of the ramp
     * @param smoothed whether the ramp is the smoothed one (else linear)
     */
    public EpsSchedule {
        if (!(target >= 0) || start < 0 || length < 0) {
            throw new IllegalArgumentException("eps schedule needs target >= 0 and non-negative steps");
        }
    }

    /**
     * A linear ramp from 0 at step {@code start} to {@code target} at {@code start + length}.
     *
     * @param target the final eps
     * @param start  the first step of the ramp
     * @param length the steps of the ramp
     * @return the schedule
     */
    public static EpsSchedule linear(double target, long start, long length) {
        return new EpsSchedule(target, start, length, false);
    }

    /**
     * The smoothed ramp (polynomial, then linear) over the same steps as {@link #linear}.
     *
     * @param target the final eps
     * @param start  the first step of the ramp
     * @param length the steps of the ramp
     * @return the schedule
     */
    public static EpsSchedule smoothed(double target, long start, long length) {
        return new EpsSchedule(target, start, length, true);
    }

    /**
     * The eps of a training step.
     *
     * @param step the global step index
     * @return the eps at that step
     */
    public double eps(long step) {
        if (step < start) {
            return 0;
        }
        if (length == 0 || step >= start + length) {
            return target;
        }
        double p = (double) (step - start) / length;
        if (!smoothed) {
            return target * p;
        }
        double scale = 1 / (Math.pow(MID, POWER) + POWER * Math.pow(MID, POWER - 1) * (1 - MID));
        double ramp = p < MID ? Math.pow(p, POWER) : Math.pow(MID, POWER) + POWER * Math.pow(MID, POWER - 1) * (p - MID);
        return target * scale * ramp;
    }
}
