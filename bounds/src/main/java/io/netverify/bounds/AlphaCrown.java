package io.netverify.bounds;

import io.netverify.bounds.relax.AlphaGradient;
import io.netverify.bounds.relax.AlphaParameters;
import io.netverify.bounds.relax.Linearization;
import io.netverify.bounds.relax.Rows;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * alpha-CROWN: the relaxation parameters of the final backward pass are optimised by projected
 * gradient ascent (Adam) on every row's lower bound, with intermediate bounds fixed. The gradient of
 * a row's bound, a minimum over the box of a linear function, is the derivative of that function at
 * its minimising corner (Danskin): evaluate the linearised network there and let each relaxation
 * turn the values at its inputs into the derivative of its lines. Any parameter gives a sound bound,
 * so the best bound seen per row is kept. The linearised network is evaluated for all rows at once
 * (linear layers as one matrix product).
 */
final class AlphaCrown {
    /**
     * Optimisation settings: iterations, Adam learning rate, its decay per iteration, early-stop
     * patience, a deadline (System.nanoTime) after which the best bounds so far are returned, and
     * optionally a budget of gradient steps shared by every optimisation with these settings (null
     * for none), which stops them as the deadline does, but deterministically.
     */
    record Settings(int iterations, double learningRate, double decay, int patience, long deadline, AtomicLong steps) {
        static final Settings DEFAULT = new Settings(50, 0.1, 0.98, 10, Long.MAX_VALUE);

        Settings(int iterations, double learningRate, double decay, int patience, long deadline) {
            this(iterations, learningRate, decay, patience, deadline, null);
        }

        Settings withDeadline(long nanos) {
            return new Settings(iterations, learningRate, decay, patience, nanos, steps);
        }

        /** These settings with a fresh budget of gradient steps in all (negative: none). */
        Settings withSteps(long budget) {
            return new Settings(iterations, learningRate, decay, patience, deadline, budget < 0 ? null : new AtomicLong(budget));
        }

        /** Whether the deadline has passed or the step budget is spent. */
        boolean expired() {
            return deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0 || steps != null && steps.get() <= 0;
        }

        /** Takes one gradient step from the budget: false (and nothing taken) when expired. */
        boolean step() {
            return !expired() && (steps == null || steps.getAndDecrement() > 0);
        }
    }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private AlphaCrown() {
    }

    /**
     * One bound optimisation of a batch: {@code rows x size(target)} coefficients {@code c} bounded
     * over a box with sound intervals, its rounding-error account, its parameters (which may hold a
     * warm start, e.g. a parent domain's), split terms (null when none) and, when not null, a map
     * that receives the last pass's coefficients on nonlinear nodes (see {@link BackwardPass#run}).
     * With {@code offsets} (one per row, null for none) its optimisation stops once every row's bound
     * plus its offset, rounded down, is positive: the bounds then prove what they are for (e.g. a
     * branch-and-bound domain's every open region excluded) and more steps cannot change a verdict.
     */
    record Problem(double[] c, int rows, List<InputSet> inputs, Function<String, Interval> bounds, RoundingError rounding,
                   AlphaParameters alphas, SplitTerms splits, Map<String, double[]> nonlinearCoefficients, double[] offsets) {
        Problem(double[] c, int rows, List<InputSet> inputs, Function<String, Interval> bounds, RoundingError rounding,
                AlphaParameters alphas, SplitTerms splits, Map<String, double[]> nonlinearCoefficients) {
            this(c, rows, inputs, bounds, rounding, alphas, splits, nonlinearCoefficients, null);
        }

        /** A problem over one input box. */
        Problem(double[] c, int rows, Interval box, Function<String, Interval> bounds, RoundingError rounding,
                AlphaParameters alphas, SplitTerms splits, Map<String, double[]> nonlinearCoefficients) {
            this(c, rows, List.of(InputSet.box(box)), bounds, rounding, alphas, splits, nonlinearCoefficients, null);
        }

        /** Whether these bounds of the rows reach the problem's goal (see {@code offsets}); false without one. */
        boolean proved(double[] lower) {
            if (offsets == null) {
                return false;
            }
            double[] shifted = LinearFunctions.shiftedDown(lower, 0, offsets);
            for (double x : shifted) {
                if (!(x > 0)) {
                    return false;
                }
            }
            return true;
        }

        StackedBackwardPass.Box box(boolean record) {
            return new StackedBackwardPass.Box(inputs, bounds, rounding, alphas, splits, record ? nonlinearCoefficients : null);
        }

        int inputSize() {
            return inputs.stream().mapToInt(InputSet::size).sum();
        }

        boolean hasBetas() {
            return splits != null && splits.beta().length > 0;
        }
    }

    /**
     * The best lower bound found per row (never below plain CROWN's, which is iteration 0's start),
     * with the input coefficients of the pass that gave it.
     */
    static BackwardPass.Result lowerBounds(Graph graph, String target, double[] c, int rows, Interval box,
                                           Function<String, Interval> bounds, Settings settings, RoundingError rounding) {
        return lowerBounds(graph, target, c, rows, List.of(InputSet.box(box)), bounds, settings, rounding);
    }

    /** {@link #lowerBounds(Graph, String, double[], int, Interval, Function, Settings, RoundingError)} over a set per graph input. */
    static BackwardPass.Result lowerBounds(Graph graph, String target, double[] c, int rows, List<InputSet> inputs,
                                           Function<String, Interval> bounds, Settings settings, RoundingError rounding) {
        return optimise(graph, target, List.of(new Problem(c, rows, inputs, bounds, rounding, new AlphaParameters(), null, null)),
            settings).get(0);
    }

    /**
     * Optimises the parameters and split multipliers of every problem in place, all problems in
     * lockstep: each iteration is one {@link StackedBackwardPass} over the rows of the problems still
     * improving (a problem stops after {@code patience} iterations without gain, or once its bounds
     * reach its goal, see {@link Problem}) and one evaluation of
     * their linearised networks. With 0 iterations, one pass with the given parameters. Stops with
     * the best bounds so far at the deadline, or throws {@link DeadlineExceeded} when it passes during
     * the first pass. Result i belongs to problem i.
     */
    static List<BackwardPass.Result> optimise(Graph graph, String target, List<Problem> problems, Settings settings) {
        int count = problems.size();
        Progress[] state = new Progress[count];
        int[] all = IntStream.range(0, count).toArray();
        problems.forEach(p -> p.alphas().startPass());
        Stacked pass = Stacked.run(graph, target, problems, all, settings.deadline());
        for (int i = 0; i < count; i++) {
            state[i] = new Progress(pass.lower(i), pass.coefficients(i));
        }
        Set<String> ancestors = BackwardPass.ancestors(graph, target);
        List<Node> nodes = graph.nodes().stream().filter(n -> ancestors.contains(n.output())).toList();
        Map<String, Node> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        double lr = settings.learningRate();
        for (int it = 1; it <= settings.iterations() && settings.step(); it++) {
            int[] active = Arrays.stream(pass.members())
                .filter(i -> state[i].stale < settings.patience())
                .filter(i -> !problems.get(i).proved(state[i].best))
                .filter(i -> !problems.get(i).alphas().nodes().isEmpty() || problems.get(i).hasBetas())
                .toArray();
            if (active.length == 0) {
                break;
            }
            List<Gradient> grads = gradients(graph, nodes, problems, pass, active);
            for (int a = 0; a < active.length; a++) {
                Problem p = problems.get(active[a]);
                state[active[a]].ascend(p, grads.get(a), byName, lr, it);
            }
            lr *= settings.decay();
            Arrays.stream(active).forEach(i -> problems.get(i).alphas().startPass());
            try {
                pass = Stacked.run(graph, target, problems, active, settings.deadline());
            } catch (DeadlineExceeded e) {
                break;
            }
            for (int a = 0; a < active.length; a++) {
                state[active[a]].update(pass, a, problems.get(active[a]).inputSize());
            }
        }
        return Arrays.stream(state).map(s -> new BackwardPass.Result(s.best, s.bestCoefficients)).toList();
    }

    /**
     * One stacked pass over some problems (members, in order), each recording its nonlinear
     * coefficients; row k of member a is stacked row {@code from[a] + k}.
     */
    private record Stacked(int[] members, int[] from, BackwardPass.Result result, List<Problem> problems) {
        static Stacked run(Graph graph, String target, List<Problem> problems, int[] members, long deadline) {
            int[] from = new int[members.length + 1];
            for (int a = 0; a < members.length; a++) {
                from[a + 1] = from[a] + problems.get(members[a]).rows();
            }
            int size = problems.get(members[0]).c().length / Math.max(1, problems.get(members[0]).rows());
            double[] c = new double[from[members.length] * size];
            List<StackedBackwardPass.Box> boxes = new ArrayList<>();
            List<StackedBackwardPass.Segment> segments = new ArrayList<>();
            for (int a = 0; a < members.length; a++) {
                Problem p = problems.get(members[a]);
                System.arraycopy(p.c(), 0, c, from[a] * size, p.c().length);
                boxes.add(p.box(true));
                segments.add(new StackedBackwardPass.Segment(a, from[a], p.rows()));
            }
            return new Stacked(members, from, StackedBackwardPass.run(graph, target, c, boxes, segments, deadline), problems);
        }

        /** Problem i's lower bounds (i must be a member). */
        double[] lower(int i) {
            int a = position(i);
            return Arrays.copyOfRange(result.lower(), from[a], from[a + 1]);
        }

        /** Problem i's input coefficients, or null when the target does not depend on the input. */
        double[] coefficients(int i) {
            if (result.inputCoefficients() == null) {
                return null;
            }
            int a = position(i);
            int n = problems.get(i).inputSize();
            return Arrays.copyOfRange(result.inputCoefficients(), from[a] * n, from[a + 1] * n);
        }

        private int position(int i) {
            for (int a = 0; a < members.length; a++) {
                if (members[a] == i) {
                    return a;
                }
            }
            throw new IllegalArgumentException("problem " + i + " is not in this pass");
        }
    }

    /** A problem's gradients: per node with parameters, and of its split multipliers (null when none). */
    private record Gradient(Map<String, double[]> alphas, double[] beta) {
    }

    /** A problem's best bounds so far, its Adam moments and its stall count. */
    private static final class Progress {
        final double[] best;
        final double[] bestCoefficients;
        final Map<String, double[]> m = new HashMap<>();
        final Map<String, double[]> v = new HashMap<>();
        double bestTotal;
        int stale;

        Progress(double[] lower, double[] coefficients) {
            best = lower;
            bestCoefficients = coefficients;
            bestTotal = sum(lower);
        }

        void ascend(Problem p, Gradient g, Map<String, Node> byName, double lr, int it) {
            for (String node : p.alphas().nodes()) {
                double[] grad = g.alphas().get(node);
                if (grad != null) {
                    double[] x = p.alphas().read(node);
                    adamAscent(x, grad, m.computeIfAbsent(node, k -> new double[grad.length]),
                        v.computeIfAbsent(node, k -> new double[grad.length]), lr, it);
                    Node n = byName.get(node);
                    IntervalPropagation.relaxation(n).projectParameters(n, x, p.alphas().columns(node), p.bounds());
                    p.alphas().update(node, x);
                }
            }
            if (g.beta() != null) {
                double[] beta = p.splits().beta();
                adamAscent(beta, g.beta(), m.computeIfAbsent("", k -> new double[beta.length]),
                    v.computeIfAbsent("", k -> new double[beta.length]), lr, it);
                p.splits().project();
            }
        }

        /** Keeps each row's better bound from member a of the pass; counts an iteration without gain. */
        void update(Stacked pass, int a, int n) {
            double[] lower = pass.result().lower();
            double[] coefficients = pass.result().inputCoefficients();
            int from = pass.from()[a];
            for (int k = 0; k < best.length; k++) {
                if (lower[from + k] > best[k]) {
                    best[k] = lower[from + k];
                    if (bestCoefficients != null) {
                        System.arraycopy(coefficients, (from + k) * n, bestCoefficients, k * n, n);
                    }
                }
            }
            double total = sum(best);
            stale = total > bestTotal + 1e-12 * Math.abs(bestTotal) ? 0 : stale + 1;
            bestTotal = Math.max(bestTotal, total);
        }
    }

    /**
     * Gradient of each row's bound with respect to every parameter of the given members of the last
     * pass, from their linearised networks evaluated at every row's minimiser at once: values are
     * {@code rows x size} per graph value over the members' stacked rows, so a linear layer is one
     * matrix product for all of them; nonlinear nodes (and linear ones without a batched form) go row
     * by row, rows in parallel, each with its own problem's linearisation (each row writes only its
     * own parameters' gradient).
     */
    private static List<Gradient> gradients(Graph graph, List<Node> nodes, List<Problem> problems, Stacked pass, int[] active) {
        int count = active.length;
        int[] from = new int[count + 1];
        int[] at = new int[count];
        for (int a = 0; a < count; a++) {
            at[a] = pass.position(active[a]);
            from[a + 1] = from[a] + problems.get(active[a]).rows();
        }
        int rows = from[count];
        int[] owner = new int[rows];
        for (int a = 0; a < count; a++) {
            Arrays.fill(owner, from[a], from[a + 1], a);
        }
        List<Gradient> grads = new ArrayList<>();
        for (int i : active) {
            Map<String, double[]> g = new HashMap<>();
            AlphaParameters alphas = problems.get(i).alphas();
            alphas.nodes().forEach(k -> g.put(k, new double[alphas.size(k)]));
            grads.add(new Gradient(g, problems.get(i).hasBetas() ? new double[problems.get(i).splits().beta().length] : null));
        }
        Map<String, double[]> values = new HashMap<>();
        minimisers(graph, problems, pass, active, at, from, values);
        Set<String> read = valuesRead(graph, nodes, problems, active);
        for (Node n : nodes) {
            boolean evaluated = n.outputs().stream().anyMatch(read::contains);
            double[][] ins = new double[n.inputs().size()][];
            int[] sizes = new int[ins.length];
            for (int i = 0; i < ins.length; i++) {
                String in = n.input(i);
                if (!in.isEmpty()) {
                    ins[i] = graph.isConstant(in) ? graph.constant(in).backingArray() : values.get(in);
                    sizes[i] = graph.isConstant(in) ? 0 : graph.shape(in).size();
                }
            }
            Linearization[] lin = new Linearization[count];
            AlphaGradient[] g = new AlphaGradient[count];
            boolean plain = true;
            boolean anyGradient = false;
            for (int a = 0; a < count; a++) {
                AlphaParameters alphas = problems.get(active[a]).alphas();
                lin[a] = alphas.linearization(n.name());
                g[a] = alphas.gradient(n.name());
                plain &= lin[a] == null && g[a] == null;
                anyGradient |= g[a] != null;
            }
            if (!evaluated && !anyGradient) {
                continue;
            }
            double[][] outs = plain ? IntervalPropagation.relaxation(n).evaluateRows(n, graph, rows, ins) : null;
            if (outs == null) {
                outs = new double[evaluated ? n.outputs().size() : 0][];
                for (int o = 0; o < outs.length; o++) {
                    outs[o] = new double[rows * graph.shape(n.outputs().get(o)).size()];
                }
                double[][] all = outs;
                Rows.range(rows, graph.shape(n.outputs().get(0)).size()).forEach(k -> {
                    int a = owner[k];
                    int local = k - from[a];
                    double[][] row = new double[ins.length][];
                    for (int i = 0; i < ins.length; i++) {
                        row[i] = sizes[i] == 0 ? ins[i] : Arrays.copyOfRange(ins[i], k * sizes[i], (k + 1) * sizes[i]);
                    }
                    if (g[a] != null) {
                        g[a].accumulate(local, row, grads.get(a).alphas().get(n.name()));
                    }
                    if (!evaluated) {
                        return;
                    }
                    double[][] y = lin[a] != null ? lin[a].apply(local, row) : evaluate(graph, n, row);
                    for (int o = 0; o < y.length && o < all.length; o++) {
                        System.arraycopy(y[o], 0, all[o], k * y[o].length, y[o].length);
                    }
                });
            }
            for (int o = 0; o < outs.length && o < n.outputs().size(); o++) {
                values.put(n.outputs().get(o), outs[o]);
            }
        }
        for (int a = 0; a < count; a++) {
            if (grads.get(a).beta() != null) {
                problems.get(active[a]).splits().gradient(values, from[a], graph, grads.get(a).beta());
            }
        }
        return grads;
    }

    /**
     * The values whose linearised-network values the gradient reads: the inputs of the nodes with
     * parameters and the split values of the members, and (backwards) every value a read value is
     * computed from. The other nodes (e.g. the target's own layer) are not evaluated.
     */
    private static Set<String> valuesRead(Graph graph, List<Node> nodes, List<Problem> problems, int[] active) {
        Set<String> read = new HashSet<>();
        for (int i : active) {
            Problem p = problems.get(i);
            for (Node n : nodes) {
                if (p.alphas().gradient(n.name()) != null) {
                    read.addAll(n.inputs());
                }
            }
            if (p.hasBetas()) {
                p.splits().values().forEach(read::add);
            }
        }
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node n = nodes.get(k);
            if (n.outputs().stream().anyMatch(read::contains)) {
                read.addAll(n.inputs());
            }
        }
        read.removeIf(v -> v.isEmpty() || graph.isConstant(v));
        return read;
    }

    /**
     * Each graph input's value at every row's minimiser (Danskin), {@code rows x size} per input name
     * over the members' stacked rows: per input, the point of its set where the row's linear function
     * of that input is smallest (a corner for a box).
     */
    private static void minimisers(Graph graph, List<Problem> problems, Stacked pass, int[] active, int[] at, int[] from,
                                   Map<String, double[]> values) {
        int total = problems.get(active[0]).inputSize();
        int rows = from[active.length];
        double[] coefficients = pass.result().inputCoefficients();
        int offset = 0;
        for (int i = 0; i < graph.inputs().size(); i++) {
            int n = problems.get(active[0]).inputs().get(i).size();
            double[] x = new double[rows * n];
            for (int a = 0; a < active.length; a++) {
                InputSet set = problems.get(active[a]).inputs().get(i);
                int src = pass.from()[at[a]];
                for (int k = 0; k < from[a + 1] - from[a]; k++) {
                    // one input: its rows are those of the coefficients themselves, else copied out
                    boolean whole = total == n;
                    double[] mine = coefficients == null || whole ? coefficients
                        : Arrays.copyOfRange(coefficients, (src + k) * total + offset, (src + k) * total + offset + n);
                    System.arraycopy(set.minimiser(mine, whole ? src + k : 0), 0, x, (from[a] + k) * n, n);
                }
            }
            values.put(graph.inputs().get(i).name(), x);
            offset += n;
        }
    }

    /** A linear node's exact evaluation on one row: its linearisation. */
    private static double[][] evaluate(Graph graph, Node n, double[][] ins) {
        List<Tensor> args = new java.util.ArrayList<>();
        for (int i = 0; i < ins.length; i++) {
            String in = n.input(i);
            args.add(in.isEmpty() ? null : graph.isConstant(in) ? graph.constant(in)
                : new Tensor(graph.info(in).type(), graph.shape(in), ins[i]));
        }
        List<Tensor> outs = Operators.find(n.opType()).orElseThrow().evaluate(n, args);
        return outs.stream().map(Tensor::data).toArray(double[][]::new);
    }

    private static void adamAscent(double[] x, double[] g, double[] m, double[] v, double lr, int t) {
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                continue;
            }
            m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
            x[i] += lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
        }
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }
}
