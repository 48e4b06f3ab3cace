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

    @Test
    void hugeDeclaredSizesAreRejectedBeforeAnythingIsAllocated() {
        // 40000 x 40000 = 1.6e9 elements fit an int but would need 12.8 GB as doubles
        byte[] constant = new OnnxModelBuilder().input("x", DataType.FLOAT, 1, 2)
            .initializer("shape", Tensor.ints(40000, 40000), DataType.INT64)
            .node("ConstantOfShape", List.of("shape"), List.of("big"))
            .node("ReduceSum", List.of("big"), List.of("s"), java.util.Map.of("keepdims", 0L))
            .node("Add", List.of("x", "s"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build();
        assertEquals("f.onnx: ConstantOfShape node 'ConstantOfShape_0': tensor of shape [40000, 40000] (1600000000 elements)"
            + " is too large", error(constant));
        // found by the fuzzer: 1 x 14417923 is under the limit for any tensor, but filling it took seconds
        byte[] folded = new OnnxModelBuilder().input("x", DataType.FLOAT, 1, 2)
            .initializer("shape", Tensor.ints(1, 14417923), DataType.INT64)
            .node("ConstantOfShape", List.of("shape"), List.of("big"))
            .node("Add", List.of("x", "big"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build();
        assertEquals("f.onnx: ConstantOfShape node 'ConstantOfShape_0': constant of shape [1, 14417923] (14417923 elements)"
            + " is too large to fold: at most 4194304 elements, or as many as the node's inputs hold", error(folded));
        byte[] input = new OnnxModelBuilder().input("x", DataType.FLOAT, 1, 40000, 40000)
            .node("Shape", List.of("x"), List.of("y")).output("y", DataType.INT64, 3).build();
        assertEquals("f.onnx: input 'x' has shape [1, 40000, 40000] (1600000000 elements); at most 134217728 are supported",
            error(input));
    }
}
