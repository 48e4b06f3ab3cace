package io.netverify.onnx.ops;

import java.util.Optional;
import java.util.Set;

import static io.netverify.onnx.ops.Registry.op;

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
 *   <li>{@code ReluGrad}, {@code LeakyReluGrad}, {@code SigmoidGrad}, {@code TanhGrad}, {@code ErfGrad}, {@code GeluGrad},
 *       {@code PowGrad}(z, g): {@code f'(z) g}, in Jacobian graphs</li>
 *   <li>{@code MaxPoolGrad}(x, g) with MaxPool's attributes: g sent to each window's maximum, in Jacobian graphs</li>
 *   <li>{@code Gelu}(x) with string attribute {@code approximate} ("none" = erf form, or "tanh"), as ONNX opset 20</li>
 * </ul>
 */
public final class Operators {
    /** Operators are stateless: one instance serves every node. */
    private static final Registry<Operator> REGISTRY = new Registry<>(
        op("Abs", Abs.class),
        op("Add", Add.class),
        op("Affine", Affine.class),
        op("AveragePool", AveragePool.class),
        op("BatchNormalization", BatchNormalization.class),
        op("Cast", Cast.class),
        op("Clip", Clip.class),
        op("Concat", Concat.class),
        op("Constant", Constant.class),
        op("ConstantOfShape", ConstantOfShape.class),
        op("Conv", Conv.class),
        op("ConvTranspose", ConvTranspose.class),
        op("Cos", Cos.class),
        op("Div", Div.class),
        op("Dropout", Dropout.class),
        op("Equal", Equal.class),
        op("Erf", Erf.class),
        op("ErfGrad", ErfGrad.class),
        op("Exp", Exp.class),
        op("Expand", Expand.class),
        op("Flatten", Flatten.class),
        op("Gather", Gather.class),
        op("Gelu", Gelu.class),
        op("GeluGrad", GeluGrad.class),
        op("Gemm", Gemm.class),
        op("GlobalAveragePool", GlobalAveragePool.class),
        op("GlobalMaxPool", GlobalMaxPool.class),
        op("Greater", Greater.class),
        op("GreaterOrEqual", GreaterOrEqual.class),
        op("Identity", Identity.class),
        op("LeakyRelu", LeakyRelu.class),
        op("LeakyReluGrad", LeakyReluGrad.class),
        op("Less", Less.class),
        op("LessOrEqual", LessOrEqual.class),
        op("Linear", Linear.class),
        op("Log", Log.class),
        op("LogSoftmax", LogSoftmax.class),
        op("MatMul", MatMul.class),
        op("Max", Max.class),
        op("MaxPool", MaxPool.class),
        op("MaxPoolGrad", MaxPoolGrad.class),
        op("Mean", Mean.class),
        op("Min", Min.class),
        op("Mul", Mul.class),
        op("Neg", Neg.class),
        op("Not", Not.class),
        op("Pad", Pad.class),
        op("Pow", Pow.class),
        op("PowGrad", PowGrad.class),
        op("Range", Range.class),
        op("Reciprocal", Reciprocal.class),
        op("ReduceMax", ReduceMax.class),
        op("ReduceMean", ReduceMean.class),
        op("ReduceMin", ReduceMin.class),
        op("ReduceProd", ReduceProd.class),
        op("ReduceSum", ReduceSum.class),
        op("Relu", Relu.class),
        op("ReluGrad", ReluGrad.class),
        op("Reshape", Reshape.class),
        op("Resize", Resize.class),
        op("Shape", ShapeOf.class),
        op("Sigmoid", Sigmoid.class),
        op("SigmoidGrad", SigmoidGrad.class),
        op("Sign", Sign.class),
        op("Sin", Sin.class),
        op("Size", Size.class),
        op("Slice", Slice.class),
        op("Softmax", Softmax.class),
        op("Split", Split.class),
        op("Sqrt", Sqrt.class),
        op("Squeeze", Squeeze.class),
        op("Sub", Sub.class),
        op("Sum", Sum.class),
        op("Tanh", Tanh.class),
        op("TanhGrad", TanhGrad.class),
        op("Tile", Tile.class),
        op("Transpose", Transpose.class),
        op("Unsqueeze", Unsqueeze.class),
        op("Upsample", Upsample.class),
        op("View", View.class),
        op("Where", Where.class));

    private Operators() {
    }

    /** The operator for {@code opType}, or empty when unsupported. */
    public static Optional<Operator> find(String opType) {
        return REGISTRY.find(opType);
    }

    public static boolean isSupported(String opType) {
        return REGISTRY.types().contains(opType);
    }

    /** Every supported op type, sorted. */
    public static Set<String> types() {
        return REGISTRY.types();
    }
}
