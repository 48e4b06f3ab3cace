package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.netverify.onnx.ops.OpTesting.assertAllClose;
import static io.netverify.onnx.ops.OpTesting.attrs;
import static io.netverify.onnx.ops.OpTesting.random;
import static io.netverify.onnx.ops.OpTesting.run;
import static io.netverify.onnx.ops.OpTesting.unflatten;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReductionOpsTest {
    private static final List<String> OPS = List.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd");
    private static final int[] DIMS = {2, 3, 4};

    @Test
    void everySubsetOfAxesWithBothAxesFormsAndKeepdims() {
        Random rnd = new Random(51);
        Tensor x = random(rnd, 2, DIMS);
        for (String op : OPS) {
            for (int mask = 1; mask < 8; mask++) {
                List<Long> axes = new ArrayList<>();
                for (int d = 0; d < 3; d++) {
                    if ((mask >> d & 1) != 0) {
                        // Alternate positive and negative spellings of the same axis.
                        axes.add(d % 2 == 0 ? d : (long) d - 3);
                    }
                }
                long[] axesArray = axes.stream().mapToLong(Long::longValue).toArray();
                for (long keep : new long[] {0, 1}) {
                    Tensor expected = naive(op, x, mask, keep == 1);
                    Tensor byAttribute = run(op, attrs("axes", axesArray, "keepdims", keep), x);
                    Tensor byInput = run(op, attrs("keepdims", keep), x, Tensor.ints(axesArray));
                    String what = op + " axes " + axes + " keepdims " + keep;
                    assertEquals(expected.shape(), byAttribute.shape(), what);
                    assertEquals(expected.shape(), byInput.shape(), what);
                    assertAllClose(expected.data(), byAttribute.data(), 1e-14, what);
                    assertAllClose(expected.data(), byInput.data(), 1e-14, what);
                }
            }
        }
    }

    /** Reference: visit each output cell and fold the input elements that project onto it. */
    private static Tensor naive(String op, Tensor x, int mask, boolean keepDims) {
        int[] kept = DIMS.clone();
        List<Integer> outDims = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            if ((mask >> d & 1) != 0) {
                kept[d] = 1;
                if (keepDims) {
                    outDims.add(1);
                }
            } else {
                outDims.add(DIMS[d]);
            }
        }
        int cells = kept[0] * kept[1] * kept[2];
        double[] out = new double[cells];
        for (int c = 0; c < cells; c++) {
            int[] ci = unflatten(c, kept);
            List<Double> group = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                int[] xi = unflatten(i, DIMS);
                boolean member = true;
                for (int d = 0; d < 3; d++) {
                    member &= kept[d] == 1 && (mask >> d & 1) != 0 || xi[d] == ci[d];
                }
                if (member) {
                    group.add(x.get(i));
                }
            }
            out[c] = switch (op) {
                case "ReduceSum" -> group.stream().mapToDouble(Double::doubleValue).sum();
                case "ReduceMean" -> group.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                case "ReduceMax" -> group.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                case "ReduceMin" -> group.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                default -> group.stream().mapToDouble(Double::doubleValue).reduce(1, (a, b) -> a * b);
            };
        }
        return Tensor.of(Shape.of(outDims.stream().mapToInt(Integer::intValue).toArray()), out);
    }

    @Test
    void withoutAxesEverythingIsReducedUnlessNoop() {
        Tensor x = Tensor.of(Shape.of(2, 2), 1, 2, 3, 4);
        Tensor all = run("ReduceSum", Attributes.EMPTY, x);
        assertEquals(Shape.of(1, 1), all.shape());
        assertArrayEquals(new double[] {10}, all.data());
        Tensor scalar = run("ReduceMean", attrs("keepdims", 0L), x);
        assertEquals(Shape.SCALAR, scalar.shape());
        assertArrayEquals(new double[] {2.5}, scalar.data());
        // An empty axes input reduces everything too, unless noop_with_empty_axes is set.
        assertArrayEquals(new double[] {24}, run("ReduceProd", Attributes.EMPTY, x, Tensor.ints()).data());
        assertSame(x, run("ReduceSum", attrs("noop_with_empty_axes", 1L), x, Tensor.ints()));
        assertSame(x, run("ReduceMax", attrs("noop_with_empty_axes", 1L), x));
    }

    @Test
    void integerMeanTruncates() {
        Tensor x = new Tensor(DataType.INT64, Shape.of(3), new double[] {1, 2, 2});
        Tensor m = run("ReduceMean", attrs("keepdims", 0L), x);
        assertEquals(DataType.INT64, m.type());
        assertArrayEquals(new double[] {1}, m.data());
    }

    @Test
    void badAxesAreRejected() {
        Tensor x = random(new Random(52), 1, DIMS);
        assertThrows(IllegalArgumentException.class,
            () -> OpTesting.inferOne("ReduceSum", attrs("axes", new long[] {0}), x, Tensor.ints(1)));
        assertThrows(IllegalArgumentException.class,
            () -> OpTesting.inferOne("ReduceSum", attrs("axes", new long[] {1, -2}), x));
        assertThrows(IllegalArgumentException.class,
            () -> OpTesting.inferOne("ReduceMax", attrs("axes", new long[] {3}), x));
        // Axes computed at run time leave the output shape unknown.
        List<Tensor> args = Arrays.asList(x, Tensor.ints(0));
        Node node = OpTesting.node("ReduceMean", Attributes.EMPTY, args, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OpTesting.infer("ReduceMean", node, args, Arrays.asList(x, null)));
        assertEquals("axes must be a constant", e.getMessage());
    }
}
