package io.netverify.bounds;

import io.netverify.bounds.relax.AlphaParameters;
import io.netverify.bounds.relax.BackwardStep;
import io.netverify.bounds.relax.OutwardRounding;
import io.netverify.bounds.relax.Relaxation;
import io.netverify.bounds.relax.RowWindows;
import io.netverify.bounds.relax.Rows;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One CROWN backward pass for the rows of many boxes at once, stacked into one coefficient matrix:
 * a step that needs no input bounds (Linear, Conv, views, Add...) does not depend on the box, so it
 * runs once on all rows (one large product instead of many small ones); a nonlinear step runs per
 * box on that box's rows, with its intervals and its alpha-CROWN parameters; split constraints
 * (beta-CROWN terms) enter each box's rows. Each row gets exactly the bound of a pass over its own
 * box alone (the same operations; sums may round in another order), rounding error included. A
 * single pass ({@link BackwardPass}) is the case of one box owning every row.
 */
final class StackedBackwardPass {
    /**
     * Whether passes track the windows of their coefficient rows (see {@link RowWindows}); off, every
     * step reads whole rows, with the same bounds bit for bit (tests compare the two).
     */
    static volatile boolean windowed = true;

    private StackedBackwardPass() {
    }

    /**
     * What the pass needs of one box: the set of each graph input (in the graph's input order; one
     * l_inf box for most networks), sound intervals of its values, its rounding-error account, and
     * optionally its alpha-CROWN parameters, split terms, and a map that receives the coefficients
     * each nonlinear node's output got ({@code rows x size} by node name, for branching).
     */
    record Box(List<InputSet> inputs, Function<String, Interval> bounds, RoundingError rounding, AlphaParameters alphas,
               SplitTerms splits, Map<String, double[]> nonlinearCoefficients) {
        Box(Interval box, Function<String, Interval> bounds, RoundingError rounding, AlphaParameters alphas,
            SplitTerms splits, Map<String, double[]> nonlinearCoefficients) {
            this(List.of(InputSet.box(box)), bounds, rounding, alphas, splits, nonlinearCoefficients);
        }

        Box(Interval box, Function<String, Interval> bounds, RoundingError rounding) {
            this(box, bounds, rounding, null, null, null);
        }

        /** The total size of the inputs: the columns of the pass's input coefficients. */
        int inputSize() {
            return inputs.stream().mapToInt(InputSet::size).sum();
        }
    }

    /** Rows {@code from..from+rows-1} of the stacked coefficients are functions bounded over box {@code box}. */
    record Segment(int box, int from, int rows) {
    }

    /**
     * Lower bounds of every stacked row, and the stacked input coefficients (null when the target does
     * not depend on the input). A box may own at most one segment. Throws {@link DeadlineExceeded}
     * when the deadline (System.nanoTime, or Long.MAX_VALUE) passes.
     *
     * @param c {@code rows x size(target)} coefficients, row-major, all segments together (taken over)
     */
    static BackwardPass.Result run(Graph graph, String target, double[] c, List<Box> boxes, List<Segment> segments,
                                   long deadline) {
        int rows = segments.stream().mapToInt(Segment::rows).sum();
        Shape shape = graph.shape(target);
        RowWindows targetWindows = windowed && RowWindows.supports(shape) ? RowWindows.of(c, rows, shape) : null;
        return run(graph, target, c, targetWindows, boxes, segments, deadline);
    }

    /**
     * {@link #run} with the windows of the target's rows given (null: whole rows); c must be zero
     * outside them. Windows are tracked only when {@link #windowed} is on.
     */
    static BackwardPass.Result run(Graph graph, String target, double[] c, RowWindows targetWindows, List<Box> boxes,
                                   List<Segment> segments, long deadline) {
        int rows = segments.stream().mapToInt(Segment::rows).sum();
        Set<Integer> distinct = new HashSet<>();
        segments.forEach(s -> {
            if (!distinct.add(s.box())) {
                throw new IllegalArgumentException("box " + s.box() + " owns two segments of one pass");
            }
        });
        // one box owning every row: its steps work on the stacked arrays themselves
        Box whole = segments.size() == 1 ? boxes.get(segments.get(0).box()) : null;
        Map<String, double[]> pending = new HashMap<>();
        pending.put(target, c);
        double[] bias = new double[rows];
        double[] err = new double[rows];
        // coefficient arrays of finished steps, reused (zeroed while still in cache) for new
        // accumulators instead of fresh ones from memory; not when records of the pass keep them
        List<double[]> spare = boxes.stream().allMatch(b -> b.alphas() == null && b.nonlinearCoefficients() == null)
            ? new ArrayList<>() : null;
        // windows of the coefficient rows by value (absent: whole rows); a new accumulator is zero, so
        // its windows start empty, and every step that writes it widens them or drops them
        Map<String, RowWindows> windows = new ConcurrentHashMap<>();
        boolean track = windowed;
        if (targetWindows != null && track) {
            windows.put(target, targetWindows);
        }
        Map<double[], RowWindows> spareWindows = new IdentityHashMap<>();
        Function<String, double[]> stacked = v -> {
            synchronized (pending) {
                return pending.computeIfAbsent(v, k -> {
                    Shape shape = graph.shape(k);
                    if (track && RowWindows.supports(shape)) {
                        windows.put(k, RowWindows.empty(rows, shape));
                    }
                    return zeros(spare, spareWindows, rows * shape.size());
                });
            }
        };
        BackwardStep.CoefficientWindows tracked = new BackwardStep.CoefficientWindows() {
            @Override
            public RowWindows of(String value) {
                return windows.get(value);
            }

            @Override
            public void drop(String value) {
                windows.remove(value);
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
                String v = n.outputs().get(o);
                out[o] = splitTerms(graph, v, pending.remove(v), rows, boxes, segments, bias, err, windows);
                any |= out[o] != null;
            }
            if (!any) {
                continue;
            }
            DeadlineExceeded.check(deadline);
            RowWindows[] outWindows = new RowWindows[out.length];
            for (int o = 0; o < out.length; o++) {
                outWindows[o] = out[o] == null ? null : windows.get(n.outputs().get(o));
            }
            Relaxation relaxation = IntervalPropagation.relaxation(n);
            boolean perBox = relaxation.needsInputBounds();
            String in = relaxation.passesCoefficientsThrough() ? n.input(0) : null;
            double[] handedOver = null;
            if (in != null && !pending.containsKey(in) && !graph.isConstant(in)) {
                // the array is the pass's own (taken from pending) and read below only by the rounding error
                handedOver = out[0];
                pending.put(in, handedOver);
                RowWindows w = windows.get(n.output());
                if (w != null && w.fits(graph.shape(in))) {
                    windows.put(in, w);
                } else {
                    windows.remove(in);
                }
            } else if (whole != null) {
                record(whole, n, relaxation, out[0]);
                relaxation.backward(n, new BackwardStep(graph, n, rows, out, whole.bounds(), stacked, bias, whole.alphas(),
                    tracked));
            } else if (!perBox) {
                Function<String, Interval> none = v -> {
                    throw new IllegalStateException(n.describe() + " reads input bounds but declares it needs none");
                };
                relaxation.backward(n, new BackwardStep(graph, n, rows, out, none, stacked, bias, null, tracked));
            }
            // a handed-over array is the input's coefficients unchanged: no arithmetic, no rounding error
            boolean exact = handedOver != null;
            Rows.range(segments.size(), (long) segments.get(0).rows() * graph.shape(n.output()).size()).forEach(s -> {
                Segment seg = segments.get(s);
                Box box = boxes.get(seg.box());
                if (perBox && whole == null) {
                    boxStep(graph, n, relaxation, out, seg, box, stacked, bias, tracked);
                }
                if (!exact) {
                    box.rounding().addStep(n, out, outWindows, seg.from(), seg.rows(), err, box.bounds());
                }
            });
            steps++;
            for (int o = 0; o < out.length; o++) {
                if (spare != null && out[o] != null && out[o] != handedOver) {
                    spare.add(out[o]);
                    if (outWindows[o] != null) {
                        spareWindows.put(out[o], outWindows[o]);
                    }
                }
            }
        }
        int count = graph.inputs().size();
        double[][] a = new double[count][];
        for (int i = 0; i < count; i++) {
            String x = graph.inputs().get(i).name();
            a[i] = splitTerms(graph, x, pending.get(x), rows, boxes, segments, bias, err, windows);
        }
        RowWindows inputWindows = count == 1 ? windows.get(graph.inputs().get(0).name()) : null;
        double[] lower = bias.clone();
        int allSteps = steps;
        double[] magnitude = new double[rows];
        Rows.range(segments.size(), (long) segments.get(0).rows() * boxes.get(0).inputSize()).forEach(s -> {
            Segment seg = segments.get(s);
            Box box = boxes.get(seg.box());
            int terms = concretize(a, seg, box.inputs(), inputWindows, lower, magnitude);
            box.rounding().addConcretization(magnitude, seg.from(), seg.rows(), terms, bias, allSteps, err);
        });
        for (int k = 0; k < rows; k++) {
            // an overflow (inf - inf) leaves NaN: no bound, -inf
            lower[k] = OutwardRounding.lowerBound(Math.nextDown(lower[k] - err[k]));
        }
        return new BackwardPass.Result(lower, count == 1 ? a[0] : concatenated(a, rows, boxes.get(0).inputs()));
    }

    /**
     * Adds to a segment's rows the minimum of each input's linear function over that input's set
     * (a[i]: rows x size of input i), with the sum of their magnitudes; returns the number of terms of
     * the sum, for its rounding error.
     */
    private static int concretize(double[][] a, Segment seg, List<InputSet> sets, RowWindows windows, double[] lower,
                                  double[] magnitude) {
        if (sets.size() != a.length) {
            throw new IllegalArgumentException("the graph has " + a.length + " inputs, " + sets.size() + " input sets given");
        }
        if (a.length == 1 && windows != null && sets.get(0) instanceof InputSet.Box box) {
            BoxMinimum.add(a[0], seg.from(), seg.rows(), box.interval(), windows, lower, magnitude);
            return box.terms();
        }
        if (a.length == 1) {
            sets.get(0).addMinimum(a[0], seg.from(), seg.rows(), lower, magnitude);
            return sets.get(0).terms();
        }
        int terms = a.length - 1;
        double[] mine = new double[magnitude.length];
        Arrays.fill(magnitude, seg.from(), seg.from() + seg.rows(), 0);
        for (int i = 0; i < a.length; i++) {
            terms += sets.get(i).terms();
            sets.get(i).addMinimum(a[i], seg.from(), seg.rows(), lower, mine);
            for (int k = seg.from(); k < seg.from() + seg.rows(); k++) {
                magnitude[k] += mine[k];
                mine[k] = 0;
            }
        }
        return terms;
    }

    /** The inputs' coefficients side by side, {@code rows x total size} (null when no input has any). */
    private static double[] concatenated(double[][] a, int rows, List<InputSet> sets) {
        if (Arrays.stream(a).allMatch(Objects::isNull)) {
            return null;
        }
        int total = sets.stream().mapToInt(InputSet::size).sum();
        double[] out = new double[rows * total];
        int offset = 0;
        for (int i = 0; i < a.length; i++) {
            int n = sets.get(i).size();
            for (int k = 0; a[i] != null && k < rows; k++) {
                System.arraycopy(a[i], k * n, out, k * total + offset, n);
            }
            offset += n;
        }
        return out;
    }

    /**
     * A zero array of the given length: a spare one of that length when there is one (then no longer
     * spare; only its windows re-zeroed when it had any), else a new one.
     */
    private static double[] zeros(List<double[]> spare, Map<double[], RowWindows> spareWindows, int length) {
        for (int i = 0; spare != null && i < spare.size(); i++) {
            if (spare.get(i).length == length) {
                double[] a = spare.remove(i);
                RowWindows w = spareWindows.remove(a);
                if (w == null) {
                    Arrays.fill(a, 0);
                    return a;
                }
                int n = w.size();
                for (int k = 0; k < length / n; k++) {
                    int[] runs = w.runs(k, 1);
                    for (int r = 0; r < runs.length; r += 2) {
                        Arrays.fill(a, k * n + runs[r], k * n + runs[r + 1], 0);
                    }
                }
                return a;
            }
        }
        return new double[length];
    }

    /**
     * The coefficients of value v with every box's split terms on v added to its rows (created when a
     * box has splits on v but nothing else reached v).
     */
    private static double[] splitTerms(Graph graph, String v, double[] coefficients, int rows, List<Box> boxes,
                                       List<Segment> segments, double[] bias, double[] err, Map<String, RowWindows> windows) {
        double[] a = coefficients;
        for (Segment seg : segments) {
            SplitTerms splits = boxes.get(seg.box()).splits();
            if (splits != null && splits.constrains(v)) {
                windows.remove(v);
                int size = graph.shape(v).size();
                a = a != null ? a : new double[rows * size];
                splits.apply(v, a, seg.from(), size, bias, err);
            }
        }
        return a;
    }

    /** Hands a nonlinear node's output coefficients to the box's map, when it keeps one. */
    private static void record(Box box, Node n, Relaxation relaxation, double[] coefficients) {
        if (box.nonlinearCoefficients() != null && relaxation.needsInputBounds() && coefficients != null) {
            box.nonlinearCoefficients().put(n.name(), coefficients);
        }
    }

    /**
     * A nonlinear node's step for one box: its rows of the coefficients, accumulators and bias are
     * copied out, the relaxation adds into the copies (exactly as in a single pass) and they are copied back.
     */
    private static void boxStep(Graph graph, Node n, Relaxation relaxation, double[][] out, Segment seg, Box box,
                                Function<String, double[]> stacked, double[] bias, BackwardStep.CoefficientWindows windows) {
        int from = seg.from();
        int to = from + seg.rows();
        double[][] mine = new double[out.length][];
        for (int o = 0; o < out.length; o++) {
            int size = graph.shape(n.outputs().get(o)).size();
            mine[o] = out[o] == null ? null : Arrays.copyOfRange(out[o], from * size, to * size);
        }
        double[] myBias = Arrays.copyOfRange(bias, from, to);
        record(box, n, relaxation, mine[0]);
        Map<String, double[]> accumulators = new HashMap<>();
        Function<String, double[]> acc = v -> accumulators.computeIfAbsent(v, k -> {
            int size = graph.shape(k).size();
            return Arrays.copyOfRange(stacked.apply(k), from * size, to * size);
        });
        // the segment's rows of the pass's windows, as rows 0.. of this step
        BackwardStep.CoefficientWindows segmentWindows = new BackwardStep.CoefficientWindows() {
            @Override
            public RowWindows of(String value) {
                RowWindows w = windows.of(value);
                return w == null ? null : w.from(from);
            }

            @Override
            public void drop(String value) {
                windows.drop(value);
            }
        };
        relaxation.backward(n, new BackwardStep(graph, n, seg.rows(), mine, box.bounds(), acc, myBias, box.alphas(),
            segmentWindows));
        accumulators.forEach((v, a) -> System.arraycopy(a, 0, stacked.apply(v), from * graph.shape(v).size(), a.length));
        System.arraycopy(myBias, 0, bias, from, myBias.length);
    }
}
