package io.netverify.onnx;

/** A named value of the graph with its element type and static shape. */
public record ValueInfo(String name, DataType type, Shape shape) {
}
