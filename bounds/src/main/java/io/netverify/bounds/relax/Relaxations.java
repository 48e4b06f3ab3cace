package io.netverify.bounds.relax;

import io.netverify.onnx.Node;
import io.netverify.onnx.ops.Operators;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static java.util.Map.entry;

/**
 * The registry of bound rules: one line per op type, naming its {@link Relaxation}. Every op type of
 * {@link Operators} has a line here or is listed in {@link #WITHOUT_RELAXATION} (RelaxationRegistryTest
 * checks both, and that no relaxation class is left out). What an analysis may do with a node (split
 * it, encode it in an LP, take it as a box-preserving map) is asked of its relaxation, never of its name.
 */
public final class Relaxations {
    /** One instance per op type: relaxations keep per-node caches, never per-call state. */
    private static final SortedMap<String, Relaxation> REGISTRY = Collections.unmodifiableSortedMap(new TreeMap<>(Map.ofEntries(
        entry("Abs", new AbsRelaxation()),
        entry("Add", new AddRelaxation()),
        entry("Affine", new AffineRelaxation()),
        entry("AveragePool", new AveragePoolRelaxation()),
        entry("BatchNormalization", new BatchNormalizationRelaxation()),
        entry("Cast", new CastRelaxation()),
        entry("Clip", new ClipRelaxation()),
        entry("Concat", new ConcatRelaxation()),
        entry("Conv", new ConvRelaxation()),
        entry("ConvTranspose", new ConvTransposeRelaxation()),
        entry("Cos", new CosRelaxation()),
        entry("Div", new DivRelaxation()),
        entry("Dropout", new DropoutRelaxation()),
        entry("Erf", new ErfRelaxation()),
        entry("Exp", new ExpRelaxation()),
        entry("Expand", new ExpandRelaxation()),
        entry("Flatten", new FlattenRelaxation()),
        entry("Gather", new GatherRelaxation()),
        entry("Gelu", new GeluRelaxation()),
        entry("Gemm", new GemmRelaxation()),
        entry("GlobalAveragePool", new GlobalAveragePoolRelaxation()),
        entry("GlobalMaxPool", new GlobalMaxPoolRelaxation()),
        entry("Identity", new IdentityRelaxation()),
        entry("LeakyReluGrad", new LeakyReluGradRelaxation()),
        entry("LeakyRelu", new LeakyReluRelaxation()),
        entry("Linear", new LinearRelaxation()),
        entry("Log", new LogRelaxation()),
        entry("MatMul", new MatMulRelaxation()),
        entry("MaxPool", new MaxPoolRelaxation()),
        entry("Max", new MaxRelaxation()),
        entry("Min", new MinRelaxation()),
        entry("Mul", new MulRelaxation()),
        entry("Neg", new NegRelaxation()),
        entry("Pad", new PadRelaxation()),
        entry("Pow", new PowRelaxation()),
        entry("Reciprocal", new ReciprocalRelaxation()),
        entry("ReduceMax", new ReduceMaxRelaxation()),
        entry("ReduceMean", new ReduceMeanRelaxation()),
        entry("ReduceMin", new ReduceMinRelaxation()),
        entry("ReduceSum", new ReduceSumRelaxation()),
        entry("ReluGrad", new ReluGradRelaxation()),
        entry("Relu", new ReluRelaxation()),
        entry("Reshape", new ReshapeRelaxation()),
        entry("Resize", new ResizeRelaxation()),
        entry("SigmoidGrad", new SigmoidGradRelaxation()),
        entry("Sigmoid", new SigmoidRelaxation()),
        entry("Sign", new SignRelaxation()),
        entry("Sin", new SinRelaxation()),
        entry("Slice", new SliceRelaxation()),
        entry("Softmax", new SoftmaxRelaxation()),
        entry("Split", new SplitRelaxation()),
        entry("Sqrt", new SqrtRelaxation()),
        entry("Squeeze", new SqueezeRelaxation()),
        entry("Sub", new SubRelaxation()),
        entry("Sum", new SumRelaxation()),
        entry("TanhGrad", new TanhGradRelaxation()),
        entry("Tanh", new TanhRelaxation()),
        entry("Tile", new TileRelaxation()),
        entry("Transpose", new TransposeRelaxation()),
        entry("Unsqueeze", new UnsqueezeRelaxation()),
        entry("Upsample", new UpsampleRelaxation()),
        entry("View", new ViewRelaxation()),
        entry("Where", new WhereRelaxation()))));

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
        return Optional.ofNullable(REGISTRY.get(opType));
    }

    /** The relaxation of the node's operator; throws {@link NoRelaxationException} naming the node when it has none. */
    public static Relaxation of(Node node) {
        Relaxation r = REGISTRY.get(node.opType());
        if (r == null) {
            throw new NoRelaxationException("no bound relaxation for operator " + node.describe());
        }
        return r;
    }

    /** Every op type with a relaxation, sorted. */
    public static Set<String> types() {
        return REGISTRY.keySet();
    }
}
