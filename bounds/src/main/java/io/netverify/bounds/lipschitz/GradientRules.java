package io.netverify.bounds.lipschitz;

import io.netverify.bounds.lipschitz.rules.AbsGradient;
import io.netverify.bounds.lipschitz.rules.AddGradient;
import io.netverify.bounds.lipschitz.rules.AffineGradient;
import io.netverify.bounds.lipschitz.rules.AveragePoolGradient;
import io.netverify.bounds.lipschitz.rules.CastGradient;
import io.netverify.bounds.lipschitz.rules.ClipGradient;
import io.netverify.bounds.lipschitz.rules.ConcatGradient;
import io.netverify.bounds.lipschitz.rules.ConvGradient;
import io.netverify.bounds.lipschitz.rules.ConvTransposeGradient;
import io.netverify.bounds.lipschitz.rules.CosGradient;
import io.netverify.bounds.lipschitz.rules.DivGradient;
import io.netverify.bounds.lipschitz.rules.DropoutGradient;
import io.netverify.bounds.lipschitz.rules.ErfGradient;
import io.netverify.bounds.lipschitz.rules.ExpGradient;
import io.netverify.bounds.lipschitz.rules.ExpandGradient;
import io.netverify.bounds.lipschitz.rules.FlattenGradient;
import io.netverify.bounds.lipschitz.rules.GatherGradient;
import io.netverify.bounds.lipschitz.rules.GeluGradient;
import io.netverify.bounds.lipschitz.rules.GemmGradient;
import io.netverify.bounds.lipschitz.rules.GlobalAveragePoolGradient;
import io.netverify.bounds.lipschitz.rules.GlobalMaxPoolGradient;
import io.netverify.bounds.lipschitz.rules.IdentityGradient;
import io.netverify.bounds.lipschitz.rules.LeakyReluGradient;
import io.netverify.bounds.lipschitz.rules.LinearGradient;
import io.netverify.bounds.lipschitz.rules.LogGradient;
import io.netverify.bounds.lipschitz.rules.MatMulGradient;
import io.netverify.bounds.lipschitz.rules.MaxGradient;
import io.netverify.bounds.lipschitz.rules.MaxPoolGradient;
import io.netverify.bounds.lipschitz.rules.MinGradient;
import io.netverify.bounds.lipschitz.rules.MulGradient;
import io.netverify.bounds.lipschitz.rules.NegGradient;
import io.netverify.bounds.lipschitz.rules.PadGradient;
import io.netverify.bounds.lipschitz.rules.PowGradient;
import io.netverify.bounds.lipschitz.rules.ReciprocalGradient;
import io.netverify.bounds.lipschitz.rules.ReduceMaxGradient;
import io.netverify.bounds.lipschitz.rules.ReduceMeanGradient;
import io.netverify.bounds.lipschitz.rules.ReduceMinGradient;
import io.netverify.bounds.lipschitz.rules.ReduceSumGradient;
import io.netverify.bounds.lipschitz.rules.ReluGradient;
import io.netverify.bounds.lipschitz.rules.ReshapeGradient;
import io.netverify.bounds.lipschitz.rules.ResizeGradient;
import io.netverify.bounds.lipschitz.rules.SigmoidGradient;
import io.netverify.bounds.lipschitz.rules.SinGradient;
import io.netverify.bounds.lipschitz.rules.SliceGradient;
import io.netverify.bounds.lipschitz.rules.SoftmaxGradient;
import io.netverify.bounds.lipschitz.rules.SplitGradient;
import io.netverify.bounds.lipschitz.rules.SqrtGradient;
import io.netverify.bounds.lipschitz.rules.SqueezeGradient;
import io.netverify.bounds.lipschitz.rules.SubGradient;
import io.netverify.bounds.lipschitz.rules.SumGradient;
import io.netverify.bounds.lipschitz.rules.TanhGradient;
import io.netverify.bounds.lipschitz.rules.TileGradient;
import io.netverify.bounds.lipschitz.rules.TransposeGradient;
import io.netverify.bounds.lipschitz.rules.UnsqueezeGradient;
import io.netverify.bounds.lipschitz.rules.UpsampleGradient;
import io.netverify.bounds.lipschitz.rules.ViewGradient;
import io.netverify.bounds.lipschitz.rules.WhereGradient;






import io.netverify.onnx.ops.Registry;

import java.util.Optional;
import java.util.Set;

import static io.netverify.onnx.ops.Registry.op;

/** The registry of chain rules for Jacobian graphs: one line per op type, naming its {@link GradientRule}. */
public final class GradientRules {
    private static final Registry<GradientRule> REGISTRY = new Registry<>(
        op("Abs", AbsGradient.class),
        op("Add", AddGradient.class),
        op("Affine", AffineGradient.class),
        op("AveragePool", AveragePoolGradient.class),
        op("Cast", CastGradient.class),
        op("Clip", ClipGradient.class),
        op("Concat", ConcatGradient.class),
        op("Conv", ConvGradient.class),
        op("ConvTranspose", ConvTransposeGradient.class),
        op("Cos", CosGradient.class),
        op("Div", DivGradient.class),
        op("Dropout", DropoutGradient.class),
        op("Erf", ErfGradient.class),
        op("Exp", ExpGradient.class),
        op("Expand", ExpandGradient.class),
        op("Flatten", FlattenGradient.class),
        op("Gather", GatherGradient.class),
        op("Gelu", GeluGradient.class),
        op("Gemm", GemmGradient.class),
        op("GlobalAveragePool", GlobalAveragePoolGradient.class),
        op("GlobalMaxPool", GlobalMaxPoolGradient.class),
        op("Identity", IdentityGradient.class),
        op("LeakyRelu", LeakyReluGradient.class),
        op("Linear", LinearGradient.class),
        op("Log", LogGradient.class),
        op("MatMul", MatMulGradient.class),
        op("Max", MaxGradient.class),
        op("MaxPool", MaxPoolGradient.class),
        op("Min", MinGradient.class),
        op("Mul", MulGradient.class),
        op("Neg", NegGradient.class),
        op("Pad", PadGradient.class),
        op("Pow", PowGradient.class),
        op("Reciprocal", ReciprocalGradient.class),
        op("ReduceMax", ReduceMaxGradient.class),
        op("ReduceMean", ReduceMeanGradient.class),
        op("ReduceMin", ReduceMinGradient.class),
        op("ReduceSum", ReduceSumGradient.class),
        op("Relu", ReluGradient.class),
        op("Reshape", ReshapeGradient.class),
        op("Resize", ResizeGradient.class),
        op("Sigmoid", SigmoidGradient.class),
        op("Sin", SinGradient.class),
        op("Slice", SliceGradient.class),
        op("Softmax", SoftmaxGradient.class),
        op("Split", SplitGradient.class),
        op("Sqrt", SqrtGradient.class),
        op("Squeeze", SqueezeGradient.class),
        op("Sub", SubGradient.class),
        op("Sum", SumGradient.class),
        op("Tanh", TanhGradient.class),
        op("Tile", TileGradient.class),
        op("Transpose", TransposeGradient.class),
        op("Unsqueeze", UnsqueezeGradient.class),
        op("Upsample", UpsampleGradient.class),
        op("View", ViewGradient.class),
        op("Where", WhereGradient.class));

    private GradientRules() {
    }

    /** The chain rule of {@code opType}, or empty when Lipschitz bounds do not support it. */
    public static Optional<GradientRule> find(String opType) {
        return REGISTRY.find(opType);
    }

    /** Every op type with a chain rule, sorted. */
    public static Set<String> types() {
        return REGISTRY.types();
    }
}
