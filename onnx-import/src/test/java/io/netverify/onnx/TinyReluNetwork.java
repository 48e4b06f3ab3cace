package io.netverify.onnx;

import java.util.List;
import java.util.Map;

/**
 * A network whose answers are known by hand, for the tests of every module:
 * {@code y = relu(W x + b)}, {@code W = [[1, -1], [2, 1]]}, {@code b = [0, -1]}; on {@code x in [0, 1]^2},
 * max y0 = 1, max y1 = 2, max y0 + y1 = 2.
 */
public final class TinyReluNetwork {
    private TinyReluNetwork() {
    }

    /** The ONNX model (opset 13, float32, input "x" [1, 2], output "y" [1, 2]). */
    public static byte[] bytes() {
        return new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("W", Tensor.of(Shape.of(2, 2), 1, -1, 2, 1), DataType.FLOAT)
            .initializer("b", Tensor.of(Shape.of(2), 0, -1), DataType.FLOAT)
            .node("Gemm", List.of("x", "W", "b"), List.of("z"), Map.of("transB", 1L))
            .node("Relu", List.of("z"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build();
    }

    /** The normalised graph of {@link #bytes()}. */
    public static Graph graph() {
        return OnnxModel.parse(bytes(), "tiny_relu.onnx").toGraph();
    }
}
