package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * The exact semantics of one operator: shape/type inference and float64 evaluation. An
 * implementation is a class in this package named exactly like the operator type (see
 * {@link Operators}), so adding an operator touches one file.
 *
 * <p>Both methods receive one entry per declared input of the node; an omitted optional input
 * (empty name in ONNX) is {@code null}. Implementations throw {@link io.netverify.onnx.ModelException}
 * (or IllegalArgumentException, which the importer turns into one naming the node) for invalid
 * attributes or shapes.
 */
public interface Operator {
    /**
     * Types and shapes of the node's outputs. {@code constants} holds the value of each input that
     * is a constant (an initializer or folded), {@code null} otherwise; operators whose output shape
     * depends on an input's value (Reshape, Slice, Pad...) need it constant.
     */
    List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants);

    /** Evaluates the node in float64. */
    List<Tensor> evaluate(Node node, List<Tensor> inputs);
}
