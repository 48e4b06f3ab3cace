package io.netverify.bounds.relax;

import io.netverify.onnx.Node;
import io.netverify.onnx.ops.Operators;
import io.netverify.onnx.ops.Registry;

import java.util.Optional;
import java.util.Set;

import static io.netverify.onnx.ops.Registry.op;

/**
 * The registry of bound rules: one line per op type, naming its {@link Relaxation}. Every op type of
 * {@link Operators} has a line here or is listed in {@link #WITHOUT_RELAXATION} (RelaxationRegistryTest
 * checks both, and that no relaxation class is left out). What an analysis may do with a node (split
 * it, encode it in an LP, take it as a box-preserving map) is asked of its relaxation, never of its name.
 */
public final class Relaxations {
    /** One instance per op type, made on first use: relaxations keep per-node caches, never per-call state. */
    private static final Registry<Relaxation> REGISTRY = new Registry<>(
        op("Abs", AbsRelaxation.class),
        op("Add", AddRelaxation.class),
        op("Affine", AffineRelaxation.class),
        op("AveragePool", AveragePoolRelaxation.class),
        op("BatchNormalization", BatchNormalizationRelaxation.class),
        op("Cast", CastRelaxation.class),
        op("Clip", ClipRelaxation.class),
        op("Concat", ConcatRelaxation.class),
        op("Conv", ConvRelaxation.class),
        op("ConvTranspose", ConvTransposeRelaxation.class),
        op("Cos", CosRelaxation.class),
        op("Div", DivRelaxation.class),
        op("Dropout", DropoutRelaxation.class),
        op("Erf", ErfRelaxation.class),
        op("ErfGrad", ErfGradRelaxation.class),
        op("Exp", ExpRelaxation.class),
        op("Expand", ExpandRelaxation.class),
        op("Flatten", FlattenRelaxation.class),
        op("Gather", GatherRelaxation.class),
        op("Gelu", GeluRelaxation.class),
        op("GeluGrad", GeluGradRelaxation.class),
        op("Gemm", GemmRelaxation.class),
        op("GlobalAveragePool", GlobalAveragePoolRelaxation.class),
        op("GlobalMaxPool", GlobalMaxPoolRelaxation.class),
        op("Identity", IdentityRelaxation.class),
        op("LeakyReluGrad", LeakyReluGradRelaxation.class),
        op("LeakyRelu", LeakyReluRelaxation.class),
        op("Linear", LinearRelaxation.class),
        op("Log", LogRelaxation.class),
        op("MatMul", MatMulRelaxation.class),
        op("MaxPool", MaxPoolRelaxation.class),
        op("MaxPoolGrad", MaxPoolGradRelaxation.class),
        op("Max", MaxRelaxation.class),
        op("Min", MinRelaxation.class),
        op("Mul", MulRelaxation.class),
        op("Neg", NegRelaxation.class),
        op("Pad", PadRelaxation.class),
        op("Pow", PowRelaxation.class),
        op("PowGrad", PowGradRelaxation.class),
        op("Reciprocal", ReciprocalRelaxation.class),
        op("ReduceMax", ReduceMaxRelaxation.class),
        op("ReduceMean", ReduceMeanRelaxation.class),
        op("ReduceMin", ReduceMinRelaxation.class),
        op("ReduceSum", ReduceSumRelaxation.class),
        op("ReluGrad", ReluGradRelaxation.class),
        op("Relu", ReluRelaxation.class),
        op("Reshape", ReshapeRelaxation.class),
        op("Resize", ResizeRelaxation.class),
        op("SigmoidGrad", SigmoidGradRelaxation.class),
        op("Sigmoid", SigmoidRelaxation.class),
        op("Sign", SignRelaxation.class),
        op("Sin", SinRelaxation.class),
        op("Slice", SliceRelaxation.class),
        op("Softmax", SoftmaxRelaxation.class),
        op("Split", SplitRelaxation.class),
        op("Sqrt", SqrtRelaxation.class),
        op("Squeeze", SqueezeRelaxation.class),
        op("Sub", SubRelaxation.class),
        op("Sum", SumRelaxation.class),
        op("TanhGrad", TanhGradRelaxation.class),
        op("Tanh", TanhRelaxation.class),
        op("Tile", TileRelaxation.class),
        op("Transpose", TransposeRelaxation.class),
        op("Unsqueeze", UnsqueezeRelaxation.class),
        op("Upsample", UpsampleRelaxation.class),
        op("View", ViewRelaxation.class),
        op("Where", WhereRelaxation.class));

    /**
     * Op types that deliberately have no relaxation: shape and constant producers, folded to constants
     * before bounding (GraphInference), and operators whose result is piecewise constant or not yet
     * relaxed; a network that computes one of them from its input cannot be bounded.
     */
    public static final Set<String> WITHOUT_RELAXATION = Set.of("Constant", "ConstantOfShape", "Shape", "Size", "Range",
        "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual", "Not", "LogSoftmax", "Mean", "ReduceProd");

    private Relaxations() {
    }

    /** The relaxation of {@code opType}, or empty when it has none. */
    public static Optional<Relaxation> find(String opType) {
        return REGISTRY.find(opType);
    }

    /** The relaxation of the node's operator; throws {@link NoRelaxationException} naming the node when it has none. */
    public static Relaxation of(Node node) {
        return REGISTRY.find(node.opType())
            .orElseThrow(() -> new NoRelaxationException("no bound relaxation for operator " + node.describe()));
    }

    /** Every op type with a relaxation, sorted. */
    public static Set<String> types() {
        return REGISTRY.types();
    }
}
