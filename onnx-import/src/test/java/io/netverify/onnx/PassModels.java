package io.netverify.onnx;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small ONNX models that exercise every normalisation pass, each with an input box, for the tests
 * that compare a graph before and after each pass (evaluation here, bounds in the bounds module).
 * Weights are float32, as exporters write them; GELU constants are the ones PyTorch writes.
 */
public final class PassModels {
    /** sqrt 2 in float32, as torch.onnx writes it for nn.GELU(). */
    public static final double SQRT2_FLOAT = 1.4142135381698608;

    /** A named model with the box [lower, upper] of its (flattened) input. */
    public record Model(String name, byte[] bytes, double lower, double upper) {
        public OnnxModel parse() {
            return OnnxModel.parse(bytes, name + ".onnx");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private PassModels() {
    }

    /** Every model of the set. */
    public static List<Model> all() {
        return List.of(geluErf(), geluErfDividedByTwo(), geluErfHalfFirst(), geluTanh(), geluTanhCubeByProducts(), mlp(), convBatchNorm(),
            views(), gemmTransposedA(), gemmConstantA(), severalOutputs(), narrowingCasts(), overflowingFold(), underflowingFold());
    }

    /** 0.5 x (1 + erf(x / c)), c = sqrt 2 in float32: Div, Erf, Add, Mul, Mul as torch exports nn.GELU(). */
    public static Model geluErf() {
        return new Model("gelu_erf", erfSubgraph(1, 0.5), -4, 3);
    }

    /** x (1 + erf(x / c)) / 2: the half as a division. */
    public static Model geluErfDividedByTwo() {
        return new Model("gelu_erf_divided_by_two", new OnnxModelBuilder().opset(14)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("sqrt2", Tensor.scalar(SQRT2_FLOAT), DataType.FLOAT)
            .initializer("one", Tensor.scalar(1), DataType.FLOAT)
            .initializer("two", Tensor.scalar(2), DataType.FLOAT)
            .node("Div", List.of("x", "sqrt2"), List.of("a"))
            .node("Erf", List.of("a"), List.of("e"))
            .node("Add", List.of("e", "one"), List.of("p"))
            .node("Mul", List.of("x", "p"), List.of("m"))
            .node("Div", List.of("m", "two"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build(), -3, 3);
    }

    /** x (one + erf(x / c)) [1, 3], c = sqrt 2 in float32, times {@code half} unless that is 0 (then no last Mul). */
    public static byte[] erfSubgraph(double one, double half) {
        OnnxModelBuilder b = new OnnxModelBuilder().opset(14)
            .input("x", DataType.FLOAT, 1, 3)
            .initializer("sqrt2", Tensor.scalar(SQRT2_FLOAT), DataType.FLOAT)
            .initializer("one", Tensor.scalar(one), DataType.FLOAT)
            .node("Div", List.of("x", "sqrt2"), List.of("a"))
            .node("Erf", List.of("a"), List.of("e"))
            .node("Add", List.of("e", "one"), List.of("p"));
        if (half == 0) {
            return b.node("Mul", List.of("x", "p"), List.of("y")).output("y", DataType.FLOAT, 1, 3).build();
        }
        return b.initializer("half", Tensor.scalar(half), DataType.FLOAT)
            .node("Mul", List.of("x", "p"), List.of("m"))
            .node("Mul", List.of("m", "half"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 3).build();
    }

    /** x * 0.5 * (1 + erf(x * (1 / sqrt 2))) after a Linear layer, the half applied to x first. */
    public static Model geluErfHalfFirst() {
        return new Model("gelu_erf_half_first", new OnnxModelBuilder().opset(14)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("w", weights(2, 3, 1), DataType.FLOAT)
            .initializer("s", Tensor.scalar(1 / Math.sqrt(2)), DataType.FLOAT)
            .initializer("one", Tensor.scalar(1), DataType.FLOAT)
            .initializer("half", Tensor.scalar(0.5), DataType.FLOAT)
            .node("MatMul", List.of("x", "w"), List.of("h"))
            .node("Mul", List.of("h", "half"), List.of("hh"))
            .node("Mul", List.of("h", "s"), List.of("a"))
            .node("Erf", List.of("a"), List.of("e"))
            .node("Add", List.of("one", "e"), List.of("p"))
            .node("Mul", List.of("hh", "p"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 3).build(), -2, 2);
    }

    /** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) with float32 constants and Pow. */
    public static Model geluTanh() {
        return new Model("gelu_tanh", new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 3)
            .initializer("three", Tensor.scalar(3), DataType.FLOAT)
            .initializer("k", Tensor.scalar(0.044715), DataType.FLOAT)
            .initializer("c", Tensor.scalar(Math.sqrt(2 / Math.PI)), DataType.FLOAT)
            .initializer("one", Tensor.scalar(1), DataType.FLOAT)
            .initializer("half", Tensor.scalar(0.5), DataType.FLOAT)
            .node("Pow", List.of("x", "three"), List.of("cube"))
            .node("Mul", List.of("k", "cube"), List.of("kc"))
            .node("Add", List.of("x", "kc"), List.of("inner"))
            .node("Mul", List.of("inner", "c"), List.of("arg"))
            .node("Tanh", List.of("arg"), List.of("t"))
            .node("Add", List.of("one", "t"), List.of("p"))
            .node("Mul", List.of("half", "x"), List.of("hx"))
            .node("Mul", List.of("hx", "p"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 3).build(), -5, 2);
    }

    /** The tanh form with x * x * x and the half applied last. */
    public static Model geluTanhCubeByProducts() {
        return new Model("gelu_tanh_products", new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("k", Tensor.scalar(0.044715), DataType.FLOAT)
            .initializer("c", Tensor.scalar(Math.sqrt(2 / Math.PI)), DataType.FLOAT)
            .initializer("one", Tensor.scalar(1), DataType.FLOAT)
            .initializer("half", Tensor.scalar(0.5), DataType.FLOAT)
            .node("Mul", List.of("x", "x"), List.of("sq"))
            .node("Mul", List.of("x", "sq"), List.of("cube"))
            .node("Mul", List.of("cube", "k"), List.of("kc"))
            .node("Add", List.of("kc", "x"), List.of("inner"))
            .node("Mul", List.of("c", "inner"), List.of("arg"))
            .node("Tanh", List.of("arg"), List.of("t"))
            .node("Add", List.of("t", "one"), List.of("p"))
            .node("Mul", List.of("p", "x"), List.of("m"))
            .node("Mul", List.of("m", "half"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build(), -3, 3);
    }

    /**
     * (x - mean) / std, Gemm with transB, alpha and beta, BatchNormalization, Relu, Dropout, MatMul +
     * Add, Neg and a constant Mul: constant arithmetic, Linear recognition and every Affine fusion.
     */
    /** (W x) 1e200 1e200 with W = 1e200 over x near 1e-300: folding any two factors overflows to infinity. */
    public static Model overflowingFold() {
        return new Model("overflowing_fold", new OnnxModelBuilder().opset(13)
            .input("x", DataType.DOUBLE, 1, 2)
            .initializer("w", Tensor.of(Shape.of(2, 2), 1e200, -1e200, 2e200, 1e200), DataType.DOUBLE)
            .initializer("big", Tensor.scalar(1e200), DataType.DOUBLE)
            .node("MatMul", List.of("x", "w"), List.of("h"))
            .node("Mul", List.of("h", "big"), List.of("a"))
            .node("Mul", List.of("a", "big"), List.of("y"))
            .output("y", DataType.DOUBLE, 1, 2).build(), 1e-300, 2e-300);
    }

    /** W (1e-150 x) with W = 1e-200: the folded weight 1e-350 underflows (the fuzzer's seed 1076484). */
    public static Model underflowingFold() {
        return new Model("underflowing_fold", new OnnxModelBuilder().opset(13)
            .input("x", DataType.DOUBLE, 1, 2)
            .initializer("tiny", Tensor.scalar(1e-150), DataType.DOUBLE)
            .initializer("w", Tensor.of(Shape.of(2, 2), 1e-200, -3e-200, 2e-200, 1e-200), DataType.DOUBLE)
            .node("Mul", List.of("x", "tiny"), List.of("a"))
            .node("Gemm", List.of("a", "w"), List.of("y"))
            .output("y", DataType.DOUBLE, 1, 2).build(), 1e300, 2e300);
    }

    public static Model mlp() {
        return new Model("mlp", new OnnxModelBuilder().opset(11)
            .input("x", DataType.FLOAT, OnnxModelBuilder.BATCH, 3)
            .initializer("mean", Tensor.of(Shape.of(3), 0.1, -0.2, 0.3), DataType.FLOAT)
            .initializer("std", Tensor.of(Shape.of(3), 0.3, 0.7, 1.1), DataType.FLOAT)
            .initializer("w1", weights(4, 3, 2), DataType.FLOAT)
            .initializer("b1", weights(4, 1, 3), DataType.FLOAT)
            .initializer("g", positive(4, 4), DataType.FLOAT)
            .initializer("be", weights(4, 1, 5), DataType.FLOAT)
            .initializer("mu", weights(4, 1, 6), DataType.FLOAT)
            .initializer("var", positive(4, 7), DataType.FLOAT)
            .initializer("w2", weights(4, 2, 8), DataType.FLOAT)
            .initializer("b2", weights(2, 1, 9), DataType.FLOAT)
            .initializer("scale", Tensor.of(Shape.of(2), 3, -0.25), DataType.FLOAT)
            .node("Sub", List.of("x", "mean"), List.of("c"))
            .node("Div", List.of("c", "std"), List.of("n"))
            .node("Gemm", List.of("n", "w1", "b1"), List.of("h"), Map.of("transB", 1L, "alpha", 0.5, "beta", 2.0))
            .node("BatchNormalization", List.of("h", "g", "be", "mu", "var"), List.of("bn"), Map.of("epsilon", 1e-3))
            .node("Relu", List.of("bn"), List.of("r"))
            .node("Dropout", List.of("r"), List.of("d"))
            .node("MatMul", List.of("d", "w2"), List.of("m"))
            .node("Add", List.of("m", "b2"), List.of("z"))
            .node("Neg", List.of("z"), List.of("nz"))
            .node("Mul", List.of("nz", "scale"), List.of("y"))
            .output("y", DataType.FLOAT, OnnxModelBuilder.BATCH, 2).build(), -1, 1);
    }

    /** Conv, BatchNormalization (folded per channel into the Conv), Relu, Flatten, Gemm. */
    public static Model convBatchNorm() {
        return new Model("conv_batchnorm", new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 1, 3, 3)
            .initializer("w", weights(2, 1, 2, 2, 10), DataType.FLOAT)
            .initializer("cb", weights(2, 1, 11), DataType.FLOAT)
            .initializer("g", positive(2, 12), DataType.FLOAT)
            .initializer("be", weights(2, 1, 13), DataType.FLOAT)
            .initializer("mu", weights(2, 1, 14), DataType.FLOAT)
            .initializer("var", positive(2, 15), DataType.FLOAT)
            .initializer("w2", weights(2, 8, 16), DataType.FLOAT)
            .node("Conv", List.of("x", "w", "cb"), List.of("c"))
            .node("BatchNormalization", List.of("c", "g", "be", "mu", "var"), List.of("bn"))
            .node("Relu", List.of("bn"), List.of("r"))
            .node("Flatten", List.of("r"), List.of("f"), Map.of("axis", 1L))
            .node("Gemm", List.of("f", "w2"), List.of("y"), Map.of("transB", 1L))
            .output("y", DataType.FLOAT, 1, 2).build(), -1, 1);
    }

    /** Reshape, Unsqueeze, Squeeze, Identity and same-type and widening Casts around a MatMul and a Relu. */
    public static Model views() {
        return new Model("views", new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 4)
            .initializer("shape", Tensor.ints(2, 2), DataType.INT64)
            .initializer("axes", Tensor.ints(0), DataType.INT64)
            .initializer("w", weights(2, 2, 17), DataType.FLOAT)
            .node("Reshape", List.of("x", "shape"), List.of("r"))
            .node("Identity", List.of("r"), List.of("i"))
            .node("Cast", List.of("i"), List.of("c"), Map.of("to", (long) DataType.FLOAT.onnxCode()))
            .node("Unsqueeze", List.of("c", "axes"), List.of("u"))
            .node("Squeeze", List.of("u", "axes"), List.of("s"))
            .node("MatMul", List.of("s", "w"), List.of("m"))
            .node("Cast", List.of("m"), List.of("d"), Map.of("to", (long) DataType.DOUBLE.onnxCode()))
            .node("Relu", List.of("d"), List.of("y"))
            .output("y", DataType.DOUBLE, 2, 2).build(), -1, 1);
    }

    /** Gemm with transA = 1 on a computed operand (a transposed MatMul result), then a bias. */
    public static Model gemmTransposedA() {
        return new Model("gemm_transposed_a", new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("w", weights(2, 2, 18), DataType.FLOAT)
            .initializer("b", weights(2, 3, 19), DataType.FLOAT)
            .initializer("c", weights(3, 1, 20), DataType.FLOAT)
            .node("MatMul", List.of("x", "w"), List.of("h"))
            .node("Transpose", List.of("h"), List.of("ht"), Map.of("perm", new long[] {1, 0}))
            .node("Gemm", List.of("ht", "b", "c"), List.of("y"), Map.of("transA", 1L, "alpha", 1.5))
            .output("y", DataType.FLOAT, 1, 3).build(), -1, 1);
    }

    /**
     * Gemm whose constant is A (transA = 1) and whose computed operand is B (transB = 1), the network
     * input on the right of the product: y = 0.75 A^T relu(x W)^T + c, [3, 1].
     */
    public static Model gemmConstantA() {
        return new Model("gemm_constant_a", new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("w", weights(2, 2, 23), DataType.FLOAT)
            .initializer("a", weights(2, 3, 24), DataType.FLOAT)
            .initializer("c", Tensor.of(Shape.of(3, 1), weights(3, 1, 25).data()), DataType.FLOAT)
            .node("MatMul", List.of("x", "w"), List.of("h"))
            .node("Relu", List.of("h"), List.of("r"))
            .node("Gemm", List.of("a", "r", "c"), List.of("y"), Map.of("transA", 1L, "transB", 1L, "alpha", 0.75))
            .output("y", DataType.FLOAT, 3, 1).build(), -1, 1);
    }

    /**
     * (x - mean) W + b with b = -round(-mean W), float64, one input and one output: folding the
     * normalisation into the Linear layer gives the bias round(b - mean W) = 0, while the file's
     * function at x = 0 is the rounding error of -mean W (about -5e-9). Bounds near x = 0 must
     * charge the folded bias's rounding to contain it.
     */
    public static final class CancellingFold {
        private static final double MEAN = -1e10 / 3;
        private static final double W = 0.1;
        private static final double B = -(W * -MEAN);

        private CancellingFold() {
        }

        public static byte[] bytes() {
            return new OnnxModelBuilder().opset(13)
                .input("x", DataType.DOUBLE, 1, 1)
                .initializer("mean", Tensor.of(Shape.of(1), MEAN))
                .initializer("w", Tensor.of(Shape.of(1, 1), W))
                .initializer("b", Tensor.of(Shape.of(1), B))
                .node("Sub", List.of("x", "mean"), List.of("c"))
                .node("MatMul", List.of("c", "w"), List.of("m"))
                .node("Add", List.of("m", "b"), List.of("y"))
                .output("y", DataType.DOUBLE, 1, 1).build();
        }

        /** The file's function at x in exact arithmetic. */
        public static BigDecimal exact(double x) {
            MathContext mc = new MathContext(60);
            return new BigDecimal(x).subtract(new BigDecimal(MEAN), mc).multiply(new BigDecimal(W), mc).add(new BigDecimal(B), mc);
        }
    }

    /** Three outputs: a Relu layer [1, 2], the negated input [1, 2] and an intermediate value [2]. */
    public static Model severalOutputs() {
        return new Model("several_outputs", new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("w", weights(2, 2, 21), DataType.FLOAT)
            .initializer("shape", Tensor.ints(2), DataType.INT64)
            .node("MatMul", List.of("x", "w"), List.of("h"))
            .node("Relu", List.of("h"), List.of("y"))
            .node("Neg", List.of("x"), List.of("z"))
            .node("Reshape", List.of("h", "shape"), List.of("v"))
            .output("y", DataType.FLOAT, 1, 2).output("z", DataType.FLOAT, 1, 2).output("v", DataType.FLOAT, 2).build(),
            -1, 1);
    }

    /** Casts that round: to FLOAT16 and back, to BFLOAT16 and back, after a MatMul. */
    public static Model narrowingCasts() {
        return new Model("narrowing_casts", new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("w", weights(2, 2, 22), DataType.FLOAT)
            .node("MatMul", List.of("x", "w"), List.of("h"))
            .node("Cast", List.of("h"), List.of("h16"), Map.of("to", (long) DataType.FLOAT16.onnxCode()))
            .node("Cast", List.of("h16"), List.of("a"), Map.of("to", (long) DataType.FLOAT.onnxCode()))
            .node("Cast", List.of("x"), List.of("xb"), Map.of("to", (long) DataType.BFLOAT16.onnxCode()))
            .node("Cast", List.of("xb"), List.of("b"), Map.of("to", (long) DataType.FLOAT.onnxCode()))
            .node("Add", List.of("a", "b"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build(), -3, 3);
    }

    private static Tensor weights(int rows, int cols, long seed) {
        return weights(rows, cols, 1, 1, seed);
    }

    private static Tensor weights(int a, int b, int c, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = new double[a * b * c * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextDouble(-1, 1);
        }
        Shape s = c * d == 1 ? (b == 1 ? Shape.of(a) : Shape.of(a, b)) : Shape.of(a, b, c, d);
        return Tensor.of(s, w);
    }

    private static Tensor positive(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rnd.nextDouble(0.5, 1.5);
        }
        return Tensor.of(Shape.of(n), w);
    }
}
