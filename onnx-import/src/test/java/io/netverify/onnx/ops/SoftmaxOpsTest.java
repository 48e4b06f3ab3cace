package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.netverify.onnx.ops.OpTesting.assertAllClose;
import static io.netverify.onnx.ops.OpTesting.attrs;
import static io.netverify.onnx.ops.OpTesting.random;
import static io.netverify.onnx.ops.OpTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SoftmaxOpsTest {
    private final Random rnd = new Random(61);
    private final Tensor x = random(rnd, 5, 2, 3, 4);

    /** Softmax over the elements {base + k * stride}, k < n, computed directly from the definition. */
    private static void softmaxGroup(double[] in, double[] out, int base, int stride, int n) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.exp(in[base + k * stride]);
        }
        for (int k = 0; k < n; k++) {
            out[base + k * stride] = Math.exp(in[base + k * stride]) / sum;
        }
    }

    @Test
    void opset13NormalisesAlongOneAxisDefaultLast() {
        double[] last = new double[24];
        for (int g = 0; g < 6; g++) {
            softmaxGroup(x.data(), last, g * 4, 1, 4);
        }
        assertAllClose(last, run("Softmax", Attributes.EMPTY, x).data(), 1e-15, "default axis -1");
        assertAllClose(last, run("Softmax", attrs("axis", 2L, Opset.ATTRIBUTE, 13L), x).data(), 1e-15, "axis 2");
        double[] middle = new double[24];
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < 4; j++) {
                softmaxGroup(x.data(), middle, b * 12 + j, 4, 3);
            }
        }
        Tensor y = run("Softmax", attrs("axis", -2L), x);
        assertAllClose(middle, y.data(), 1e-15, "axis -2");
        // Each column along axis 1 sums to 1.
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(1.0, y.get(b * 12 + j) + y.get(b * 12 + 4 + j) + y.get(b * 12 + 8 + j), 1e-15);
            }
        }
    }

    @Test
    void beforeOpset13TheInputIsFlattenedTo2D() {
        // Default axis 1: rows of 3 * 4 = 12 elements.
        double[] rows = new double[24];
        softmaxGroup(x.data(), rows, 0, 1, 12);
        softmaxGroup(x.data(), rows, 12, 1, 12);
        Tensor y = run("Softmax", attrs(Opset.ATTRIBUTE, 11L), x);
        assertAllClose(rows, y.data(), 1e-15, "opset 11 default axis");
        double firstRow = 0;
        for (int i = 0; i < 12; i++) {
            firstRow += y.get(i);
        }
        assertEquals(1.0, firstRow, 1e-15);
        // axis 0 normalises over everything; the last axis agrees with opset 13.
        double[] all = new double[24];
        softmaxGroup(x.data(), all, 0, 1, 24);
        assertAllClose(all, run("Softmax", attrs("axis", 0L, Opset.ATTRIBUTE, 9L), x).data(), 1e-15, "axis 0");
        assertAllClose(run("Softmax", Attributes.EMPTY, x).data(),
            run("Softmax", attrs("axis", -1L, Opset.ATTRIBUTE, 11L), x).data(), 1e-15, "last axis");
    }

    @Test
    void logSoftmaxIsTheLogOfSoftmax() {
        for (long opset : new long[] {11, 13}) {
            Tensor s = run("Softmax", attrs(Opset.ATTRIBUTE, opset), x);
            Tensor l = run("LogSoftmax", attrs(Opset.ATTRIBUTE, opset), x);
            double[] logs = new double[s.size()];
            for (int i = 0; i < logs.length; i++) {
                logs[i] = Math.log(s.get(i));
            }
            assertAllClose(logs, l.data(), 1e-14, "opset " + opset);
        }
    }

    @Test
    void largeInputsDoNotOverflow() {
        Tensor big = Tensor.of(Shape.of(1, 2), 1000, 1001);
        double e = Math.E;
        assertArrayEquals(new double[] {1 / (1 + e), e / (1 + e)}, run("Softmax", Attributes.EMPTY, big).data(), 1e-15);
        assertArrayEquals(new double[] {-Math.log(1 + e), 1 - Math.log(1 + e)},
            run("LogSoftmax", Attributes.EMPTY, big).data(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Softmax", attrs("axis", 3L), x));
    }
}
