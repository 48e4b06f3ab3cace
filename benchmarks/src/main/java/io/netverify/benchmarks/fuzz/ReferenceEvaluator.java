package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A slow reference evaluator, independent of the project's operators and normalisation passes: it
 * walks the ONNX file's own nodes one by one and computes, for one input point, an enclosure of
 * the exact real value of every element (linear arithmetic exact in integers, rounded outward once
 * per node; library functions padded by their documented error). With {@code delta > 0} every node
 * output is further widened by {@code delta} times its magnitude: an enclosure of any evaluation
 * that rounds each node by at most that relative amount, which is what a float64 evaluator may
 * legitimately differ by.
 *
 * <p>Covers the operators {@link RandomNetworks} generates, with the attributes it uses; anything else
 * is an {@link IllegalArgumentException}.
 */
public final class ReferenceEvaluator {
    private final OnnxModel model;
    /** A magnitude beyond which a float64 evaluation of the same node may overflow (2^1000). */
    private static final double OVERFLOW = 0x1p1000;
    private final Map<String, Enclosure> constants = new HashMap<>();
    private boolean overflowed;

    public ReferenceEvaluator(OnnxModel model) {
        this.model = model;
        model.initializers().forEach((name, t) -> constants.put(name, Enclosure.point(t.shape().dims(), t.backingArray())));
    }

    /** The enclosures of the graph outputs, flattened in graph order, at input point x. */
    public Enclosure run(double[] x, double delta) {
        overflowed = false;
        ValueInfo in = model.inputs().get(0);
        Map<String, Enclosure> env = new HashMap<>(constants);
        java.util.Set<String> fixed = new java.util.HashSet<>(constants.keySet());
        env.put(in.name(), Enclosure.point(in.shape().dims(), x));
        for (Node n : model.nodes()) {
            List<Enclosure> args = new ArrayList<>();
            boolean constant = true;
            for (String name : n.inputs()) {
                args.add(name.isEmpty() ? null : env.get(name));
                constant &= name.isEmpty() || fixed.contains(name);
            }
            Enclosure out = evaluate(n, args);
            // a function of constants only is a weight (e.g. a float16 weight cast up): no evaluation error to allow for
            if (constant) {
                fixed.add(n.output());
            }
            env.put(n.output(), constant ? out : out.widen(delta));
            for (double m : out.mag()) {
                overflowed |= !(m < OVERFLOW);
            }
        }
        List<Enclosure> outs = model.outputs().stream().map(env::get).toList();
        if (outs.size() == 1) {
            Enclosure e = outs.get(0);
            return e.reshape(new int[] {e.size()});
        }
        int total = outs.stream().mapToInt(Enclosure::size).sum();
        double[] lo = new double[total];
        double[] hi = new double[total];
        double[] mag = new double[total];
        int pos = 0;
        for (Enclosure e : outs) {
            System.arraycopy(e.lo(), 0, lo, pos, e.size());
            System.arraycopy(e.hi(), 0, hi, pos, e.size());
            System.arraycopy(e.mag(), 0, mag, pos, e.size());
            pos += e.size();
        }
        return new Enclosure(new int[] {total}, lo, hi, mag);
    }

    private static Enclosure evaluate(Node n, List<Enclosure> in) {
        Attributes a = n.attributes();
        Enclosure x = in.isEmpty() ? null : in.get(0);
        return switch (n.opType()) {
            case "Constant" -> {
                Tensor t = a.getTensor("value");
                yield Enclosure.point(t.shape().dims(), t.backingArray());
            }
            case "Identity", "Dropout" -> x;
            case "Relu" -> unary(x, (lo, hi) -> new double[] {Math.max(lo, 0), Math.max(hi, 0)});
            case "LeakyRelu" -> {
                double alpha = a.getFloat("alpha", 0.01);
                yield unary(x, (lo, hi) -> {
                    double[] l = lo >= 0 ? new double[] {lo, lo} : Intervals.mul(lo, lo, alpha, alpha);
                    double[] h = hi >= 0 ? new double[] {hi, hi} : Intervals.mul(hi, hi, alpha, alpha);
                    // with a negative alpha the function is not monotone: its least value over an interval around 0 is f(0) = 0
                    double zero = lo < 0 && hi > 0 ? 0 : Double.NaN;
                    return new double[] {Math.min(Math.min(l[0], h[0]), Double.isNaN(zero) ? Double.POSITIVE_INFINITY : zero),
                        Math.max(Math.max(l[1], h[1]), Double.isNaN(zero) ? Double.NEGATIVE_INFINITY : zero)};
                });
            }
            case "Abs" -> unary(x, (lo, hi) -> lo >= 0 ? new double[] {lo, hi} : hi <= 0 ? new double[] {-hi, -lo}
                : new double[] {0, Math.max(-lo, hi)});
            case "Neg" -> unary(x, (lo, hi) -> new double[] {-hi, -lo});
            case "Sign" -> unary(x, (lo, hi) -> new double[] {Math.signum(lo), Math.signum(hi)});
            case "Exp" -> unary(x, Intervals::exp);
            case "Log" -> unary(x, (lo, hi) -> lo < 0 ? new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}
                : Intervals.increasing(Math::log, lo, hi, Intervals.ONE_ULP_STEPS));
            case "Sqrt" -> unary(x, (lo, hi) -> lo < 0 ? new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}
                : Intervals.increasing(Math::sqrt, lo, hi, 1));
            case "Tanh" -> unary(x, (lo, hi) -> Intervals.increasing(Math::tanh, lo, hi, Intervals.TANH_STEPS));
            case "Sigmoid" -> unary(x, ReferenceEvaluator::sigmoid);
            case "Reciprocal" -> unary(x, (lo, hi) -> Intervals.div(1, 1, lo, hi));
            case "Sin" -> unary(x, (lo, hi) -> Intervals.lipschitz(Math::sin, lo, hi, 1, Intervals.ONE_ULP_STEPS));
            case "Cos" -> unary(x, (lo, hi) -> Intervals.lipschitz(Math::cos, lo, hi, 1, Intervals.ONE_ULP_STEPS));
            case "Cast" -> cast(x, DataType.fromOnnx((int) a.getInt("to", 1)));
            case "Clip" -> clip(x, in.size() > 1 && in.get(1) != null ? in.get(1).lo()[0] : Double.NEGATIVE_INFINITY,
                in.size() > 2 && in.get(2) != null ? in.get(2).lo()[0] : Double.POSITIVE_INFINITY);
            case "Pow" -> pow(x, in.get(1));
            case "Add" -> Broadcasting.apply(x, in.get(1), (alo, ahi, blo, bhi) -> Intervals.add(alo, ahi, blo, bhi), true);
            case "Sub" -> Broadcasting.apply(x, in.get(1), (alo, ahi, blo, bhi) -> Intervals.add(alo, ahi, -bhi, -blo), true);
            case "Mul" -> Broadcasting.apply(x, in.get(1), Intervals::mul, false);
            case "Div" -> Broadcasting.apply(x, in.get(1), Intervals::div, false);
            case "Max" -> Broadcasting.apply(x, in.get(1), (alo, ahi, blo, bhi) -> new double[] {Math.max(alo, blo), Math.max(ahi, bhi)}, false);
            case "Min" -> Broadcasting.apply(x, in.get(1), (alo, ahi, blo, bhi) -> new double[] {Math.min(alo, blo), Math.min(ahi, bhi)}, false);
            case "MatMul" -> Linear.matMul(x, in.get(1), null, false, false, 1, 1);
            case "Gemm" -> Linear.matMul(x, in.get(1), in.size() > 2 ? in.get(2) : null, a.getInt("transA", 0) != 0,
                a.getInt("transB", 0) != 0, a.getFloat("alpha", 1), a.getFloat("beta", 1));
            case "Conv" -> Linear.conv(x, in.get(1), in.size() > 2 ? in.get(2) : null, a);
            case "BatchNormalization" -> Linear.batchNorm(x, in.get(1), in.get(2), in.get(3), in.get(4), a.getFloat("epsilon", 1e-5));
            case "AveragePool", "MaxPool" -> Linear.pool(x, a, n.opType().equals("MaxPool"));
            case "GlobalAveragePool" -> Linear.globalAverage(x);
            case "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin" -> Shapes.reduce(x, n.opType(),
                in.size() > 1 && in.get(1) != null ? longs(in.get(1)) : a.getInts("axes", null), a.getInt("keepdims", 1) != 0);
            case "Softmax" -> softmax(x, (int) a.getInt("axis", -1));
            case "Concat" -> Shapes.concat(in, (int) a.getInt("axis", 0));
            case "Slice" -> Shapes.slice(x, longs(in.get(1)), longs(in.get(2)), in.size() > 3 ? longs(in.get(3)) : null,
                in.size() > 4 ? longs(in.get(4)) : null);
            case "Reshape" -> Shapes.reshape(x, longs(in.get(1)));
            case "Flatten" -> Shapes.flatten(x, (int) a.getInt("axis", 1));
            case "Transpose" -> Shapes.transpose(x, a.getInts("perm", null));
            default -> throw new IllegalArgumentException("reference evaluator: no " + n.describe());
        };
    }

    /**
     * Whether some value of the last {@link #run} reached a magnitude near the top of the double
     * range: a float64 evaluator may overflow there (giving infinity or NaN) where the exact value is finite.
     */
    public boolean overflowed() {
        return overflowed;
    }

    static long[] longs(Enclosure e) {
        long[] r = new long[e.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (long) e.lo()[i];
        }
        return r;
    }

    interface EndpointMap {
        double[] apply(double lo, double hi);
    }

    static Enclosure unary(Enclosure x, EndpointMap f) {
        double[] lo = new double[x.size()];
        double[] hi = new double[x.size()];
        for (int i = 0; i < lo.length; i++) {
            double[] r = f.apply(x.lo()[i], x.hi()[i]);
            lo[i] = r[0];
            hi[i] = r[1];
        }
        return Enclosure.of(x.dims(), lo, hi);
    }

    /** 1 / (1 + exp(-x)) step by step, each step rounded outward. */
    private static double[] sigmoid(double lo, double hi) {
        double[] e = Intervals.exp(-hi, -lo);
        double[] d = Intervals.add(1, 1, e[0], e[1]);
        double[] r = Intervals.div(1, 1, d[0], d[1]);
        return new double[] {Math.max(0, r[0]), Math.min(1, r[1])};
    }

    private static Enclosure cast(Enclosure x, DataType to) {
        DoubleUnaryOperator round = switch (to) {
            case DOUBLE -> v -> v;
            case FLOAT -> v -> (float) v;
            case FLOAT16 -> Half::round;
            default -> throw new IllegalArgumentException("reference evaluator: Cast to " + to);
        };
        // rounding to nearest is monotone: the endpoints' images bound the image of the interval
        return unary(x, (lo, hi) -> new double[] {round.applyAsDouble(lo), round.applyAsDouble(hi)});
    }

    private static Enclosure clip(Enclosure x, double min, double max) {
        return unary(x, (lo, hi) -> new double[] {Math.min(Math.max(lo, min), max), Math.min(Math.max(hi, min), max)});
    }

    /** Integer exponents only (what the generator writes), as repeated exact products. */
    private static Enclosure pow(Enclosure x, Enclosure exponent) {
        double p = exponent.lo()[0];
        if (p != 2 && p != 3) {
            throw new IllegalArgumentException("reference evaluator: Pow exponent " + p);
        }
        return unary(x, (lo, hi) -> {
            double[] sq = lo >= 0 || hi <= 0 ? Intervals.mul(lo, hi, lo, hi) : new double[] {0, Math.max(Intervals.mul(lo, lo, lo, lo)[1], Intervals.mul(hi, hi, hi, hi)[1])};
            if (p == 2) {
                return new double[] {Math.max(0, Math.min(sq[0], sq[1])), sq[1]};
            }
            // x^3 is increasing: its endpoints' cubes
            double[] l = Intervals.mul(lo, lo, lo, lo);
            double[] h = Intervals.mul(hi, hi, hi, hi);
            double[] l3 = Intervals.mul(l[0], l[1], lo, lo);
            double[] h3 = Intervals.mul(h[0], h[1], hi, hi);
            return new double[] {l3[0], h3[1]};
        });
    }

    /** softmax_i = 1 / sum_j exp(x_j - x_i), the j = i term exactly 1, on the last axis only. */
    private static Enclosure softmax(Enclosure x, int axis) {
        if (axis != -1 && axis != x.rank() - 1) {
            throw new IllegalArgumentException("reference evaluator: Softmax on axis " + axis);
        }
        int n = x.dims()[x.rank() - 1];
        double[] lo = new double[x.size()];
        double[] hi = new double[x.size()];
        for (int row = 0; row < x.size() / n; row++) {
            for (int i = 0; i < n; i++) {
                ExactSum sumLo = new ExactSum().add(1);
                ExactSum sumHi = new ExactSum().add(1);
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        double[] dl = Intervals.add(x.lo()[row * n + j], x.lo()[row * n + j], -x.hi()[row * n + i], -x.hi()[row * n + i]);
                        double[] dh = Intervals.add(x.hi()[row * n + j], x.hi()[row * n + j], -x.lo()[row * n + i], -x.lo()[row * n + i]);
                        sumLo.add(Intervals.exp(dl[0], dl[0])[0]);
                        sumHi.add(Intervals.exp(dh[1], dh[1])[1]);
                    }
                }
                double[] r = Intervals.div(1, 1, sumLo.down(), sumHi.up());
                lo[row * n + i] = Math.max(0, r[0]);
                hi[row * n + i] = Math.min(1, r[1]);
            }
        }
        return Enclosure.of(x.dims(), lo, hi);
    }

    static int[] dims(long[] d) {
        return Arrays.stream(d).mapToInt(Math::toIntExact).toArray();
    }
}
