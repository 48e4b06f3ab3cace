package io.netverify.onnx;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Inputs the ONNX reader fuzzer (benchmarks' ParserFuzz) found, reduced: each must be one clean ModelException. */
class OnnxReaderFuzzRegressionTest {
    private static String error(byte[] model) {
        return assertThrows(ModelException.class, () -> OnnxModel.parse(model, "f.onnx").toGraph()).getMessage();
    }

    @Test
    void lineBreaksInNamesAreEscaped() {
        byte[] m = new OnnxModelBuilder().input("x", DataType.FLOAT, 1, 2)
            .node("Relu", List.of("x\nz"), List.of("y")).output("y", DataType.FLOAT, 1, 2).build();
        assertEquals("f.onnx: Relu node 'Relu_0' reads 'x\\u000az', which is neither a graph input, an initializer"
            + " nor a node output", error(m));
    }
}
