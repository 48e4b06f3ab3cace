package io.netverify.bounds;

import io.netverify.onnx.Graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * IBP and CROWN bounds of many boxes at once, for {@link BoundPropagator#computeBatch}: interval
 * propagation runs all boxes through each node together (Linear reads its weights once per block of
 * boxes, see {@link io.netverify.bounds.relax.Relaxation#intervals}), with the rounding-error
 * magnitudes batched the same way, and every CROWN pass (intermediate and final) stacks the rows of
 * many boxes ({@link StackedBackwardPass}). Each box gets exactly the bounds of its own
 * {@link BoundPropagator#compute} call: the same operations run in the same order.
 */
final class BatchBounds {
    /** Largest stacked coefficient matrix of one pass, in doubles; further boxes go to further passes. */
    static final long MAX_STACKED_DOUBLES = 1L << 20;

    private final BoundPropagator propagator;
    private final Graph graph;
    private final List<Interval> boxes;
    private final BoundMethod method;
    private final BoundMethod intermediate;
    private final long deadline;
    private final long maxStackedDoubles;
    private final List<RoundingError> rounding;

    BatchBounds(BoundPropagator propagator, Graph graph, List<Interval> boxes, BoundMethod method,
                BoundMethod intermediate, long deadline, long maxStackedDoubles) {
        this.propagator = propagator;
        this.graph = graph;
        this.boxes = boxes;
        this.method = method;
        this.intermediate = intermediate;
        this.deadline = deadline;
        this.maxStackedDoubles = maxStackedDoubles;
        this.rounding = boxes.stream().map(b -> new RoundingError(graph, b)).toList();
    }

    /** One Bounds per box, as {@link BoundPropagator#compute}; past the deadline every box gets its IBP bounds. */
    List<Bounds> compute(double[][] c, double[] d) {
        if (method == BoundMethod.IBP) {
            return ibpBounds(ibp(), c, d);
        }
        try {
            return backward(intermediate == BoundMethod.CROWN ? refine() : ibp(), c, d);
        } catch (DeadlineExceeded e) {
            return ibpBounds(ibp(), c, d);
        }
    }

    private List<Bounds> ibpBounds(List<Map<String, Interval>> maps, double[][] c, double[] d) {
        return IntStream.range(0, maps.size()).mapToObj(b -> propagator.ibpBounds(maps.get(b), c, d)).toList();
    }

    /** Interval propagation with every interval widened by its rounding error. */
    private List<Map<String, Interval>> ibp() {
        return IntervalPropagation.run(graph, boxes, this::widen);
    }

    private List<Interval> widen(String v, List<Interval> intervals, List<Map<String, Interval>> maps) {
        RoundingError.prepare(v, rounding, getters(maps));
        return IntStream.range(0, intervals.size())
            .mapToObj(b -> rounding.get(b).widen(v, intervals.get(b), maps.get(b)::get)).toList();
    }

    /** IBP where the input of every nonlinear node is tightened by CROWN as soon as it is reached. */
    private List<Map<String, Interval>> refine() {
        return IntervalPropagation.run(graph, boxes, (v, intervals, maps) -> {
            List<Interval> widened = widen(v, intervals, maps);
            return propagator.feedsNonlinear(v) && !propagator.intervalExact(v) ? crownIntervals(v, widened, maps) : widened;
        });
    }

    /** The neurons {@code idx} of box {@code box} refined in one pass. */
    private record Chunk(int box, int[] idx) {
    }

    /** CROWN bounds of value v for every box, as the single computation's, with the boxes' passes stacked. */
    private List<Interval> crownIntervals(String v, List<Interval> current, List<Map<String, Interval>> maps) {
        int n = current.get(0).size();
        boolean intersect = propagator.intersectsRefinement(v);
        int cores = Runtime.getRuntime().availableProcessors();
        List<Chunk> chunks = new ArrayList<>();
        for (int b = 0; b < current.size(); b++) {
            int[] unstable = propagator.refinedNeurons(v, current.get(b));
            // with fewer boxes than cores, a box's neurons are split so that every core gets a pass
            int perPass = current.size() >= cores ? propagator.neuronsPerPass()
                : Math.max(1, Math.min(propagator.neuronsPerPass(), (unstable.length + cores - 1) / cores));
            for (int from = 0; from < unstable.length; from += perPass) {
                chunks.add(new Chunk(b, Arrays.copyOfRange(unstable, from, Math.min(unstable.length, from + perPass))));
            }
        }
        double[][] lower = current.stream().map(i -> i.lower().clone()).toArray(double[][]::new);
        double[][] upper = current.stream().map(i -> i.upper().clone()).toArray(double[][]::new);
        List<StackedBackwardPass.Box> info = boxInfo(maps);
        // passes on all cores, one whole pass per core (as a single computation runs a layer's
        // passes): rows are independent, and a pass's many short parallel steps leave cores idle
        long total = chunks.stream().mapToLong(ch -> 2L * ch.idx().length).sum();
        long maxRows = Math.max(1, Math.min(maxRows(), (total + cores - 1) / cores));
        List<List<Chunk>> passes = new ArrayList<>();
        int first = 0;
        while (first < chunks.size()) {
            // a pass takes chunks while they fit, at most one per box
            int last = first;
            long rows = 0;
            while (last < chunks.size() && (last == first || rows + 2L * chunks.get(last).idx().length <= maxRows
                && chunks.get(last).box() != chunks.get(last - 1).box())) {
                rows += 2L * chunks.get(last).idx().length;
                last++;
            }
            passes.add(chunks.subList(first, last));
            first = last;
        }
        passes.parallelStream().forEach(pass -> {
            int rows = pass.stream().mapToInt(ch -> 2 * ch.idx().length).sum();
            double[] c = new double[rows * n];
            List<StackedBackwardPass.Segment> segments = new ArrayList<>();
            int row = 0;
            for (Chunk ch : pass) {
                BoundPropagator.unitRows(ch.idx(), n, c, row);
                segments.add(new StackedBackwardPass.Segment(ch.box(), row, 2 * ch.idx().length));
                row += 2 * ch.idx().length;
            }
            double[] lb = StackedBackwardPass.run(graph, v, c, info, segments, deadline).lower();
            // passes share a box's arrays only at different neurons
            for (int s = 0; s < segments.size(); s++) {
                int b = segments.get(s).box();
                BoundPropagator.refine(pass.get(s).idx(), lb, segments.get(s).from(), intersect, lower[b], upper[b]);
            }
        });
        return IntStream.range(0, current.size()).mapToObj(b -> new Interval(lower[b], upper[b])).toList();
    }

    /** The final pass: the rows of C and -C for every box, as many boxes per stacked pass as fit. */
    private List<Bounds> backward(List<Map<String, Interval>> maps, double[][] c, double[] d) {
        String out = graph.outputs().get(0);
        int rows = 2 * c.length;
        int n = propagator.outputSize();
        int cores = Runtime.getRuntime().availableProcessors();
        int perPass = (int) Math.max(1, Math.min(maxRows() / Math.max(1, rows), (boxes.size() + cores - 1) / cores));
        List<StackedBackwardPass.Box> info = boxInfo(maps);
        Bounds[] result = new Bounds[boxes.size()];
        // passes on all cores, as above
        IntStream.range(0, (boxes.size() + perPass - 1) / perPass).parallel().forEach(k -> {
            int first = k * perPass;
            int last = Math.min(boxes.size(), first + perPass);
            double[] both = new double[(last - first) * rows * n];
            List<StackedBackwardPass.Segment> segments = new ArrayList<>();
            for (int b = first; b < last; b++) {
                propagator.bothSides(c, both, (b - first) * rows);
                segments.add(new StackedBackwardPass.Segment(b, (b - first) * rows, rows));
            }
            BackwardPass.Result pass = StackedBackwardPass.run(graph, out, both, info, segments, deadline);
            for (StackedBackwardPass.Segment s : segments) {
                result[s.box()] = propagator.combine(pass, s.from(), maps.get(s.box()), boxes.get(s.box()).size(), c, d);
            }
        });
        return List.of(result);
    }

    /** Rows of a stacked pass: its largest coefficient matrix within maxStackedDoubles. */
    private long maxRows() {
        return Math.max(1, maxStackedDoubles / propagator.maxValueSize());
    }

    private List<StackedBackwardPass.Box> boxInfo(List<Map<String, Interval>> maps) {
        return IntStream.range(0, boxes.size())
            .mapToObj(b -> new StackedBackwardPass.Box(boxes.get(b), maps.get(b)::get, rounding.get(b))).toList();
    }

    private static List<Function<String, Interval>> getters(List<Map<String, Interval>> maps) {
        return maps.stream().<Function<String, Interval>>map(m -> m::get).toList();
    }
}
