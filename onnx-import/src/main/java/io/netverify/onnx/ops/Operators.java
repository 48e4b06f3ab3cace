package io.netverify.onnx.ops;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static java.util.Map.entry;

/**
 * The registry of operators: one line per supported op type, naming the {@link Operator} that owns
 * its semantics. Supporting a new operator means writing its class and adding its line here (and,
 * for bounds, a line in {@code io.netverify.bounds.relax.Relaxations}).
 *
 * <p>Besides ONNX operators, normalisation produces these project operators:
 * <ul>
 *   <li>{@code Linear}(x, W[out,in], b[out]?): {@code y[..., o] = sum_i x[..., i] W[o, i] + b[o]}</li>
 *   <li>{@code Affine}(x, scale, shift): element-wise {@code x * scale + shift}, constants broadcast to x</li>
 *   <li>{@code View}(x) with int list attribute {@code shape}: the same elements in a new static shape</li>
 *   <li>{@code ReluGrad}, {@code LeakyReluGrad}, {@code SigmoidGrad}, {@code TanhGrad}(z, g): {@code f'(z) g}, in Jacobian graphs</li>
 *   <li>{@code Gelu}(x) with string attribute {@code approximate} ("none" = erf form, or "tanh"), as ONNX opset 20</li>
 * </ul>
 */
public final class Operators {
    /** Operators are stateless: one instance serves every node. */
    private static final SortedMap<String, Operator> REGISTRY = Collections.unmodifiableSortedMap(new TreeMap<>(Map.ofEntries(
        entry("Abs", new Abs()),
        entry("Add", new Add()),
        entry("Affine", new Affine()),
        entry("AveragePool", new AveragePool()),
        entry("BatchNormalization", new BatchNormalization()),
        entry("Cast", new Cast()),
        entry("Clip", new Clip()),
        entry("Concat", new Concat()),
        entry("Constant", new Constant()),
        entry("ConstantOfShape", new ConstantOfShape()),
        entry("Conv", new Conv()),
        entry("ConvTranspose", new ConvTranspose()),
        entry("Cos", new Cos()),
        entry("Div", new Div()),
        entry("Dropout", new Dropout()),
        entry("Equal", new Equal()),
        entry("Erf", new Erf()),
        entry("Exp", new Exp()),
        entry("Expand", new Expand()),
        entry("Flatten", new Flatten()),
        entry("Gather", new Gather()),
        entry("Gelu", new Gelu()),
        entry("Gemm", new Gemm()),
        entry("GlobalAveragePool", new GlobalAveragePool()),
        entry("GlobalMaxPool", new GlobalMaxPool()),
        entry("Greater", new Greater()),
        entry("GreaterOrEqual", new GreaterOrEqual()),
        entry("Identity", new Identity()),
        entry("LeakyRelu", new LeakyRelu()),
        entry("LeakyReluGrad", new LeakyReluGrad()),
        entry("Less", new Less()),
        entry("LessOrEqual", new LessOrEqual()),
        entry("Linear", new Linear()),
        entry("Log", new Log()),
        entry("LogSoftmax", new LogSoftmax()),
        entry("MatMul", new MatMul()),
        entry("Max", new Max()),
        entry("MaxPool", new MaxPool()),
        entry("Mean", new Mean()),
        entry("Min", new Min()),
        entry("Mul", new Mul()),
        entry("Neg", new Neg()),
        entry("Not", new Not()),
        entry("Pad", new Pad()),
        entry("Pow", new Pow()),
        entry("Range", new Range()),
        entry("Reciprocal", new Reciprocal()),
        entry("ReduceMax", new ReduceMax()),
        entry("ReduceMean", new ReduceMean()),
        entry("ReduceMin", new ReduceMin()),
        entry("ReduceProd", new ReduceProd()),
        entry("ReduceSum", new ReduceSum()),
        entry("Relu", new Relu()),
        entry("ReluGrad", new ReluGrad()),
        entry("Reshape", new Reshape()),
        entry("Resize", new Resize()),
        entry("Shape", new ShapeOf()),
        entry("Sigmoid", new Sigmoid()),
        entry("SigmoidGrad", new SigmoidGrad()),
        entry("Sign", new Sign()),
        entry("Sin", new Sin()),
        entry("Size", new Size()),
        entry("Slice", new Slice()),
        entry("Softmax", new Softmax()),
        entry("Split", new Split()),
        entry("Sqrt", new Sqrt()),
        entry("Squeeze", new Squeeze()),
        entry("Sub", new Sub()),
        entry("Sum", new Sum()),
        entry("Tanh", new Tanh()),
        entry("TanhGrad", new TanhGrad()),
        entry("Tile", new Tile()),
        entry("Transpose", new Transpose()),
        entry("Unsqueeze", new Unsqueeze()),
        entry("Upsample", new Upsample()),
        entry("View", new View()),
        entry("Where", new Where()))));

    private Operators() {
    }

    /** The operator for {@code opType}, or empty when unsupported. */
    public static Optional<Operator> find(String opType) {
        return Optional.ofNullable(REGISTRY.get(opType));
    }

    public static boolean isSupported(String opType) {
        return REGISTRY.containsKey(opType);
    }

    /** Every supported op type, sorted. */
    public static Set<String> types() {
        return REGISTRY.keySet();
    }
}
