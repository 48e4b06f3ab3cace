package io.netverify.benchmarks.fuzz;

import java.util.Set;

/**
 * One random network with its input box: the ONNX bytes, the box, and labels of how it was drawn
 * ({@code features}: every operator type used, plus {@code extreme} when weights or box reach
 * magnitudes far from 1, {@code float16} when weights are stored as float16).
 */
public record FuzzCase(long seed, byte[] onnx, double[] lower, double[] upper, String weights, String box,
                       Set<String> features) {
    public int inputs() {
        return lower.length;
    }

    public String describe() {
        return "case seed " + seed + ": weights " + weights + ", box " + box + ", features " + features;
    }
}
