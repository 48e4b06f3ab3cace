package io.netverify.onnx.ops;

import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static io.netverify.onnx.ops.OpCases.assertTensor;
import static io.netverify.onnx.ops.OpCases.attrs;
import static io.netverify.onnx.ops.OpCases.dims;
import static io.netverify.onnx.ops.OpCases.run;
import static io.netverify.onnx.ops.OpCases.run1;
import static io.netverify.onnx.ops.OpCases.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchNormalizationTest {
    @Test
    void batchNormalizationPerChannelAndPerActivation() {
        Tensor x = t(dims(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor scale = t(dims(2), 2, -1);
        Tensor bias = t(dims(2), 0.5, 1);
        Tensor mean = t(dims(2), 1, 4);
        Tensor var = t(dims(2), 3, 15);
        // y = (x - mean) / sqrt(var + eps) * scale + B with eps = 1: channel 0 divides by 2, channel 1 by 4
        Tensor y = run1("BatchNormalization", attrs("epsilon", 1.0), x, scale, bias, mean, var);
        assertTensor(y, dims(2, 2, 2), 0.5, 1.5, 1.25, 1, 4.5, 5.5, 0.25, 0);
        // default epsilon 1e-5
        Tensor d = run1("BatchNormalization", attrs(), t(dims(1, 1), 3), t(dims(1), 1), t(dims(1), 0), t(dims(1), 1), t(dims(1), 4));
        assertEquals(2 / Math.sqrt(4 + 1e-5), d.get(0), 1e-15);
        // opset < 9 spatial=0: statistics per activation, shaped like X without the batch axis
        Tensor p = run1("BatchNormalization", attrs("epsilon", 0.0, "spatial", 0),
            t(dims(2, 1, 2), 1, 2, 3, 4), t(dims(1, 2), 1, 1), t(dims(1, 2), 0, 0), t(dims(1, 2), 1, 2), t(dims(1, 2), 4, 1));
        assertTensor(p, dims(2, 1, 2), 0, 0, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> run1("BatchNormalization", attrs("training_mode", 1),
            x, scale, bias, mean, var));
        assertThrows(IllegalArgumentException.class, () -> run("BatchNormalization", attrs(), 3, x, scale, bias, mean, var));
    }
}
