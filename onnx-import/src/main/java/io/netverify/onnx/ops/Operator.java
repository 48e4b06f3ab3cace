package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * The exact semantics of one operator: shape/type inference and float64 evaluation. Each
 * implementation is registered under its op type in {@link Operators}, one line per operator.
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

    /**
     * Whether the result depends only on the type and shape of input 0, never on its values (Shape,
     * Size): such a node folds to a constant as soon as shapes are static.
     */
    default boolean readsOnlyInputShape() {
        return false;
    }
}
