package io.netverify.bounds;

import io.netverify.bounds.relax.BackwardStep;
import io.netverify.bounds.relax.Relaxation;
import io.netverify.bounds.relax.Rows;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One CROWN backward pass for the rows of many boxes at once, stacked into one coefficient matrix:
 * a step that needs no input bounds (Linear, Conv, views, Add...) does not depend on the box, so it
 * runs once on all rows (one large product instead of many small ones); a nonlinear step runs per
 * box on that box's rows, with its intervals. Each row gets exactly the bound of a
 * {@link BackwardPass} over its own box (same operations in the same order), rounding error included.
 */
final class StackedBackwardPass {
    private StackedBackwardPass() {
    }

    /** What the pass needs of one box: the box, sound intervals of its values, its rounding-error account. */
    record Box(Interval box, Function<String, Interval> bounds, RoundingError rounding) {
    }

    /** Rows {@code from..from+rows-1} of the stacked coefficients are functions bounded over box {@code box}. */
    record Segment(int box, int from, int rows) {
    }

    /**
     * Lower bounds of every stacked row, and the stacked input coefficients (null when the target does
     * not depend on the input). A box may own at most one segment.
     *
     * @param c {@code rows x size(target)} coefficients, row-major, all segments together (taken over)
     */
    static BackwardPass.Result run(Graph graph, String target, double[] c, List<Box> boxes, List<Segment> segments,
                                   long deadline) {
        Set<Integer> distinct = new HashSet<>();
        segments.forEach(s -> {
            if (!distinct.add(s.box())) {
                throw new IllegalArgumentException("box " + s.box() + " owns two segments of one pass");
            }
        });
        int rows = segments.stream().mapToInt(Segment::rows).sum();
        Map<String, double[]> pending = new HashMap<>();
        pending.put(target, c);
        double[] bias = new double[rows];
        double[] err = new double[rows];
        Function<String, double[]> stacked = v -> {
            synchronized (pending) {
                return pending.computeIfAbsent(v, k -> new double[rows * graph.shape(k).size()]);
            }
        };
        Set<String> needed = BackwardPass.ancestors(graph, target);
        List<Node> nodes = graph.nodes();
        int steps = 0;
        for (int idx = nodes.size() - 1; idx >= 0; idx--) {
            Node n = nodes.get(idx);
            if (!needed.contains(n.output())) {
                continue;
            }
            double[][] out = new double[n.outputs().size()][];
            boolean any = false;
            for (int o = 0; o < out.length; o++) {
                out[o] = pending.remove(n.outputs().get(o));
                any |= out[o] != null;
            }
            if (!any) {
                continue;
            }
            DeadlineExceeded.check(deadline);
            Relaxation relaxation = IntervalPropagation.relaxation(n);
            boolean perBox = relaxation.needsInputBounds();
            if (!perBox) {
                Function<String, Interval> none = v -> {
                    throw new IllegalStateException(n.describe() + " reads input bounds but declares it needs none");
                };
                relaxation.backward(n, new BackwardStep(graph, n, rows, out, none, stacked, bias, null));
            }
            Rows.range(segments.size(), (long) segments.get(0).rows() * graph.shape(n.output()).size()).forEach(s -> {
                Segment seg = segments.get(s);
                Box box = boxes.get(seg.box());
                if (perBox) {
                    boxStep(graph, n, relaxation, out, seg, box, stacked, bias);
                }
                box.rounding().addStep(n, out, seg.from(), seg.rows(), err, box.bounds());
            });
            steps++;
        }
        double[] a = pending.get(graph.inputs().get(0).name());
        double[] lower = bias.clone();
        int allSteps = steps;
        double[] magnitude = new double[rows];
        Rows.range(segments.size(), (long) segments.get(0).rows() * boxes.get(0).box().size()).forEach(s -> {
            Segment seg = segments.get(s);
            Box box = boxes.get(seg.box());
            BoxMinimum.add(a, seg.from(), seg.rows(), box.box(), lower, magnitude);
            box.rounding().addConcretization(magnitude, seg.from(), seg.rows(), box.box().size(), bias, allSteps, err);
        });
        for (int k = 0; k < rows; k++) {
            lower[k] = Math.nextDown(lower[k] - err[k]);
        }
        return new BackwardPass.Result(lower, a);
    }

    /**
     * A nonlinear node's step for one box: its rows of the coefficients, accumulators and bias are
     * copied out, the relaxation adds into the copies (exactly as in a single pass) and they are copied back.
     */
    private static void boxStep(Graph graph, Node n, Relaxation relaxation, double[][] out, Segment seg, Box box,
                                Function<String, double[]> stacked, double[] bias) {
        int from = seg.from();
        int to = from + seg.rows();
        double[][] mine = new double[out.length][];
        for (int o = 0; o < out.length; o++) {
            int size = graph.shape(n.outputs().get(o)).size();
            mine[o] = out[o] == null ? null : Arrays.copyOfRange(out[o], from * size, to * size);
        }
        double[] myBias = Arrays.copyOfRange(bias, from, to);
        Map<String, double[]> accumulators = new HashMap<>();
        Function<String, double[]> acc = v -> accumulators.computeIfAbsent(v, k -> {
            int size = graph.shape(k).size();
            return Arrays.copyOfRange(stacked.apply(k), from * size, to * size);
        });
        relaxation.backward(n, new BackwardStep(graph, n, seg.rows(), mine, box.bounds(), acc, myBias, null));
        accumulators.forEach((v, a) -> System.arraycopy(a, 0, stacked.apply(v), from * graph.shape(v).size(), a.length));
        System.arraycopy(myBias, 0, bias, from, myBias.length);
    }
}
