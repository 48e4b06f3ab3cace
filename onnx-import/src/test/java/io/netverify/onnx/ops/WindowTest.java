package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class WindowTest {
    /**
     * The tap table is cached by geometry: random 2-D geometries, each also with one field changed
     * (input size, kernel, stride, dilation, begin pad), in interleaved order, each table against
     * the definition, and the same geometry built twice shares one table.
     */
    @Test
    void cachedTapsMatchTheDefinitionForEveryGeometry() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 30; trial++) {
            int[] in = {10 + rnd.nextInt(4), 7 + rnd.nextInt(4)};
            int[] kernel = {1 + rnd.nextInt(3), 1 + rnd.nextInt(3)};
            long[] strides = {1 + rnd.nextInt(3), 1 + rnd.nextInt(3)};
            long[] dilations = {1, 1 + rnd.nextInt(2)};
            long[] pads = {rnd.nextInt(2), rnd.nextInt(2), rnd.nextInt(2), rnd.nextInt(2)};
            int variant = trial % 5;
            for (int twice = 0; twice < 2; twice++) {
                int[] in2 = in.clone();
                int[] kernel2 = kernel.clone();
                long[] strides2 = strides.clone();
                long[] dilations2 = dilations.clone();
                long[] pads2 = pads.clone();
                if (twice == 1) {
                    switch (variant) {
                        case 0 -> in2[1]++;
                        case 1 -> kernel2[0]++;
                        case 2 -> strides2[1]++;
                        case 3 -> dilations2[0]++;
                        default -> pads2[1]++;
                    }
                }
                check(in2, kernel2, strides2, dilations2, pads2);
            }
        }
        Attributes a = Attributes.EMPTY.with("strides", new long[] {2, 1}).with("pads", new long[] {1, 0, 1, 0});
        assertSame(Window.of(a, new int[] {7, 6}, new int[] {3, 3}, false).taps(),
            Window.of(a, new int[] {7, 6}, new int[] {3, 3}, false).taps());
    }

    private static void check(int[] in, int[] kernel, long[] strides, long[] dilations, long[] pads) {
        Attributes a = Attributes.EMPTY.with("strides", strides).with("dilations", dilations).with("pads", pads);
        Window w = Window.of(a, in, kernel, false);
        int[] out = w.out();
        int[] taps = w.taps();
        int outSize = out[0] * out[1];
        for (int ky = 0; ky < kernel[0]; ky++) {
            for (int kx = 0; kx < kernel[1]; kx++) {
                for (int oy = 0; oy < out[0]; oy++) {
                    for (int ox = 0; ox < out[1]; ox++) {
                        long y = oy * strides[0] - pads[0] + ky * dilations[0];
                        long x = ox * strides[1] - pads[1] + kx * dilations[1];
                        int expected = y < 0 || y >= in[0] || x < 0 || x >= in[1] ? -1 : (int) (y * in[1] + x);
                        assertEquals(expected, taps[(ky * kernel[1] + kx) * outSize + oy * out[1] + ox]);
                    }
                }
            }
        }
    }
}
