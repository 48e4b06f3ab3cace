package io.netverify.bounds;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainBounderTest {
    /** x -> Linear -> Relu -> Linear -> Relu -> Linear; the two pre-activation values are h1 and h2. */
    private record Net(Graph graph, Graph first, Graph second, String h1, String h2) {
    }

    private static Net net(long seed, int in, int hidden, int out) {
        RandomGraphs r = new RandomGraphs(seed);
        String h1 = r.linear("x", in, hidden);
        String h2 = r.linear(r.node("Relu", h1), hidden, hidden);
        String y = r.linear(r.node("Relu", h2), hidden, out);
        Shape s = Shape.of(1, in);
        return new Net(r.build(s, y), r.build(s, h1), r.build(s, h2), h1, h2);
    }

    private static boolean satisfies(Net net, double[] x, List<Split> splits) {
        double[] v1 = new Evaluator(net.first()).evaluate(x);
        double[] v2 = new Evaluator(net.second()).evaluate(x);
        for (Split s : splits) {
            double v = (s.value().equals(net.h1()) ? v1 : v2)[s.index()];
            if (s.above() ? v < s.point() : v > s.point()) {
                return false;
            }
        }
        return true;
    }

    private static double[] sample(SplittableRandom rnd, Interval box) {
        double[] x = new double[box.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = box.lower()[i] + rnd.nextDouble() * (box.upper()[i] - box.lower()[i]);
        }
        return x;
    }

    private static double value(double[] c, double d, double[] y) {
        double v = d;
        for (int j = 0; j < y.length; j++) {
            v += c[j] * y[j];
        }
        return v;
    }

    /** Unstable ReLU inputs of the root bounds, as (value, index) splits at 0 in the sign of x0's activation. */
    private static List<Split> patternOf(Net net, Map<String, Interval> root, double[] x0, int max) {
        List<Split> splits = new ArrayList<>();
        double[][] v = {new Evaluator(net.first()).evaluate(x0), new Evaluator(net.second()).evaluate(x0)};
        String[] names = {net.h1(), net.h2()};
        for (int layer = 0; layer < 2; layer++) {
            Interval iv = root.get(names[layer]);
            for (int i = 0; i < iv.size() && splits.size() < max; i++) {
                if (iv.lower()[i] < 0 && iv.upper()[i] > 0) {
                    splits.add(new Split(names[layer], i, 0, v[layer][i] >= 0));
                }
            }
        }
        return splits;
    }

    @Test
    void domainBoundsHoldOnEveryPointThatSatisfiesTheSplits() {
        int checked = 0;
        for (int seed = 0; seed < 12; seed++) {
            Net net = net(seed, 4, 10, 3);
            RandomGraphs r = new RandomGraphs(100 + seed);
            Interval box = r.box(4, 1.5);
            double[][] c = {{1, -1, 0}, {0, 1, -1}};
            double[] d = {0.1, -0.2};
            Map<String, Interval> root = BoundPropagator.of(net.graph()).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Split> splits = patternOf(net, root, sample(rnd, box), 4 + seed % 5);
            DomainBounder bounder = new DomainBounder(net.graph(), c, d).iterations(30, 0.2);
            DomainBounder.State state = DomainBounder.State.initial();
            for (int s = 0; s < splits.size(); s++) {
                state = state.child(c.length);
            }
            DomainBounder.Result res = bounder.bound(box, root, Map.of(), splits, state, Long.MAX_VALUE);
            checked += checkSampled(net, box, splits, c, d, res.lower(), rnd, "seed " + seed);
        }
        assertTrue(checked > 1000, "too few sampled points satisfy the splits: " + checked);
    }

    /**
     * Checks {@code lower} against every margin at 4000 points of the box that satisfy the splits;
     * returns how many did.
     */
    private static int checkSampled(Net net, Interval box, List<Split> splits, double[][] c, double[] d, double[] lower,
                                    SplittableRandom rnd, String what) {
        int checked = 0;
        Evaluator ev = new Evaluator(net.graph());
        for (int t = 0; t < 4000; t++) {
            double[] x = sample(rnd, box);
            if (!satisfies(net, x, splits)) {
                continue;
            }
            checked++;
            double[] y = ev.evaluate(x);
            for (int k = 0; k < c.length; k++) {
                double v = value(c[k], d[k], y);
                assertTrue(v >= lower[k] - 1e-9 * (1 + Math.abs(v)), what + " row " + k + ": bound " + lower[k] + " above the value " + v);
            }
        }
        return checked;
    }

    /**
     * A domain whose first pass already proves every row stops there (its bounds are the first
     * pass's, though more steps would tighten them) and its bounds hold on every sampled point of
     * the domain; a domain with one row not proved runs every step, as without the stop.
     */
    @Test
    void aDomainStopsOptimisingOnceEveryRowIsProvedAndOnlyThen() {
        int checked = 0;
        int tightenedByMoreSteps = 0;
        for (int seed = 0; seed < 8; seed++) {
            Net net = net(700 + seed, 4, 10, 3);
            Interval box = new RandomGraphs(800 + seed).box(4, 1.5);
            double[][] c = {{1, -1, 0}, {0, 1, -1}};
            double[] d = {0, 0};
            Map<String, Interval> root = BoundPropagator.of(net.graph()).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Split> splits = patternOf(net, root, sample(rnd, box), 2);
            DomainBounder.State state = DomainBounder.State.initial();
            for (int s = 0; s < splits.size(); s++) {
                state = state.child(c.length);
            }
            double[] first = new DomainBounder(net.graph(), c, d).bound(box, root, Map.of(), splits, state, 0, Long.MAX_VALUE)
                .linearLower();
            // offsets that put every row's first-pass bound just above 0, or only row 0's
            double[] proved = {1e-3 - first[0], 1e-3 - first[1]};
            double[] half = {1e-3 - first[0], -1 - first[1]};
            DomainBounder.Result stopped = new DomainBounder(net.graph(), c, proved).iterations(20, 0.2)
                .bound(box, root, Map.of(), splits, state, Long.MAX_VALUE);
            DomainBounder.Result onePass = new DomainBounder(net.graph(), c, proved)
                .bound(box, root, Map.of(), splits, state, 0, Long.MAX_VALUE);
            DomainBounder.Result full = new DomainBounder(net.graph(), c, proved).iterations(20, 0.2).stopWhenProved(false)
                .bound(box, root, Map.of(), splits, state, Long.MAX_VALUE);
            assertTrue(stopped.linearLower()[0] > 0 && stopped.linearLower()[1] > 0, "seed " + seed);
            org.junit.jupiter.api.Assertions.assertArrayEquals(onePass.linearLower(), stopped.linearLower(), "seed " + seed);
            tightenedByMoreSteps += full.linearLower()[0] > stopped.linearLower()[0] || full.linearLower()[1] > stopped.linearLower()[1]
                ? 1 : 0;
            checked += checkSampled(net, box, splits, c, proved, stopped.lower(), rnd, "seed " + seed);
            DomainBounder.Result halfOn = new DomainBounder(net.graph(), c, half).iterations(20, 0.2)
                .bound(box, root, Map.of(), splits, state, Long.MAX_VALUE);
            DomainBounder.Result halfOff = new DomainBounder(net.graph(), c, half).iterations(20, 0.2).stopWhenProved(false)
                .bound(box, root, Map.of(), splits, state, Long.MAX_VALUE);
            org.junit.jupiter.api.Assertions.assertArrayEquals(halfOff.linearLower(), halfOn.linearLower(), "seed " + seed);
            checked += checkSampled(net, box, splits, c, half, halfOn.lower(), rnd, "seed " + seed);
        }
        assertTrue(tightenedByMoreSteps > 0, "no domain got tighter bounds from the steps the stop skipped");
        assertTrue(checked > 1000, "too few sampled points satisfy the splits: " + checked);
    }

    /**
     * A state restricted to some rows (as branch and bound does for the rows of a domain's open
     * regions) gives those rows the bounds the full state gives them, warm-started from an
     * optimised parent and optimised again, and the rows left out bounds that still hold (interval
     * arithmetic's) on every sampled point of the domain.
     */
    @Test
    void restrictedRowsKeepTheirBoundsAndTheRowsLeftOutStaySound() {
        int checked = 0;
        for (int seed = 0; seed < 8; seed++) {
            Net net = net(400 + seed, 4, 10, 3);
            Interval box = new RandomGraphs(500 + seed).box(4, 1.5);
            double[][] c = {{1, -1, 0}, {0, 1, -1}, {-1, 0, 1}};
            double[] d = {0.1, -0.2, 0.05};
            Map<String, Interval> root = BoundPropagator.of(net.graph()).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Split> splits = patternOf(net, root, sample(rnd, box), 3);
            if (splits.size() < 2) {
                continue;
            }
            DomainBounder bounder = new DomainBounder(net.graph(), c, d).iterations(3, 0.2);
            List<Split> first = splits.subList(0, 1);
            DomainBounder.State parent = bounder.bound(box, root, Map.of(), first, DomainBounder.State.initial().child(c.length),
                Long.MAX_VALUE).state();
            int[] keep = seed % 2 == 0 ? new int[] {0, 2} : new int[] {1};
            DomainBounder.State child = parent.child(c.length);
            List<Split> two = splits.subList(0, 2);
            DomainBounder.Result all = bounder.bound(box, root, Map.of(), two, child, Long.MAX_VALUE);
            DomainBounder.Result some = bounder.bound(box, root, Map.of(), two, child.restrict(keep), Long.MAX_VALUE);
            for (int k : keep) {
                assertEquals(all.lower()[k], some.lower()[k], 1e-9 * (1 + Math.abs(all.lower()[k])), "seed " + seed + " row " + k);
            }
            // a restricted state's child restricted further: its rows still bound as the full state's child does
            int last = keep[keep.length - 1];
            DomainBounder.State narrower = some.state().child(c.length).restrict(new int[] {last});
            DomainBounder.Result deeper = bounder.bound(box, root, Map.of(), splits, narrower, Long.MAX_VALUE);
            DomainBounder.Result deeperAll = bounder.bound(box, root, Map.of(), splits, all.state().child(c.length), Long.MAX_VALUE);
            assertEquals(deeperAll.lower()[last], deeper.lower()[last], 1e-9 * (1 + Math.abs(deeperAll.lower()[last])), "seed " + seed);
            checked += checkSampled(net, box, splits, c, d, deeper.lower(), rnd, "seed " + seed);
        }
        assertTrue(checked > 500, "too few sampled points satisfy the splits: " + checked);
        DomainBounder.State s = DomainBounder.State.initial().child(3);
        assertThrows(IllegalArgumentException.class, () -> s.restrict(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> s.restrict(new int[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> s.restrict(new int[] {1}).restrict(new int[] {0}));
    }

    /**
     * After splits on first-layer neurons, CROWN over the domain narrows the second layer's
     * intervals below the root's, and they and the domain's bound with them still hold every point
     * that satisfies the splits.
     */
    @Test
    void refinedIntermediateBoundsAreSoundAndTighterThanTheRoots() {
        int checked = 0;
        double narrowed = 0;
        for (int seed = 0; seed < 8; seed++) {
            Net net = net(200 + seed, 4, 10, 3);
            Interval box = new RandomGraphs(300 + seed).box(4, 1.5);
            double[][] c = {{1, -1, 0}};
            double[] d = {0};
            Map<String, Interval> root = BoundPropagator.of(net.graph()).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Split> splits = patternOf(net, root, sample(rnd, box), 3).stream().filter(sp -> sp.value().equals(net.h1())).toList();
            if (splits.isEmpty()) {
                continue;
            }
            DomainBounder bounder = new DomainBounder(net.graph(), c, d);
            Map<String, Interval> refined = bounder.refine(box, root, Map.of(), splits, Long.MAX_VALUE);
            assertEquals(java.util.Set.of(net.h2()), refined.keySet(), "only values after the first split are refined");
            Interval before = root.get(net.h2());
            Interval after = refined.get(net.h2());
            for (int i = 0; i < after.size(); i++) {
                assertTrue(after.lower()[i] >= before.lower()[i] && after.upper()[i] <= before.upper()[i]);
                narrowed += (before.upper()[i] - before.lower()[i]) - (after.upper()[i] - after.lower()[i]);
            }
            for (int t = 0; t < 3000; t++) {
                double[] x = sample(rnd, box);
                if (satisfies(net, x, splits)) {
                    checked++;
                    assertTrue(after.contains(new Evaluator(net.second()).evaluate(x), 1e-9), "seed " + seed);
                }
            }
            DomainBounder.State state = DomainBounder.State.initial();
            for (int k = 0; k < splits.size(); k++) {
                state = state.child(c.length);
            }
            // tighter intervals need not give a tighter bound (CROWN's slopes change with them), but a sound one
            double bound = bounder.bound(box, root, refined, splits, state, Long.MAX_VALUE).lower()[0];
            Evaluator ev = new Evaluator(net.graph());
            for (int t = 0; t < 2000; t++) {
                double[] x = sample(rnd, box);
                if (satisfies(net, x, splits)) {
                    double v = value(c[0], d[0], ev.evaluate(x));
                    assertTrue(v >= bound - 1e-9 * (1 + Math.abs(v)), "seed " + seed + ": bound " + bound + " above " + v);
                }
            }
        }
        assertTrue(narrowed > 0, "no interval narrowed");
        assertTrue(checked > 500, "too few sampled points satisfy the splits: " + checked);
    }

    /**
     * The domains of a root share one rounding-error bound, whose magnitudes must come from the root's
     * intervals, not from the first domain bounded: a domain's bounds are the same whichever domain
     * the bounder saw before (one whose ReLU outputs were tightened to 0 would otherwise lend them).
     */
    @Test
    void aDomainsBoundDoesNotDependOnTheDomainsBoundedBefore() {
        Net net = net(7, 4, 10, 3);
        Interval box = new RandomGraphs(8).box(4, 1.5);
        double[][] c = {{1, -1, 0}};
        double[] d = {0};
        Map<String, Interval> root = BoundPropagator.of(net.graph()).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
        String relu = net.graph().consumers(net.h1()).get(0).output();
        int n = root.get(relu).size();
        Map<String, Interval> zero = Map.of(relu, new Interval(new double[n], new double[n]));
        DomainBounder afterZero = new DomainBounder(net.graph(), c, d);
        afterZero.bound(box, root, zero, List.of(), DomainBounder.State.initial(), 0, Long.MAX_VALUE);
        double seen = afterZero.bound(box, root, Map.of(), List.of(), DomainBounder.State.initial(), 0, Long.MAX_VALUE).lower()[0];
        double fresh = new DomainBounder(net.graph(), c, d)
            .bound(box, root, Map.of(), List.of(), DomainBounder.State.initial(), 0, Long.MAX_VALUE).lower()[0];
        assertEquals(fresh, seen);
    }

    /**
     * Splitting every unstable neuron leaves linear pieces, whose exact minima over the box are
     * found by the split multipliers (LP duality): the least leaf bound approaches the sampled
     * minimum, while intermediate bounds with the splits applied but no multipliers stay loose.
     */
    @Test
    void betaMultipliersCloseTheGapWhenEveryNeuronIsSplit() {
        double gapBeta = 0;
        double gapNoBeta = 0;
        for (int seed = 0; seed < 6; seed++) {
            Net net = net(50 + seed, 2, 5, 1);
            Interval box = new RandomGraphs(seed).box(2, 2.0);
            double[][] c = {{1}};
            double[] d = {0};
            Map<String, Interval> root = BoundPropagator.of(net.graph()).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
            List<Split> unstable = new ArrayList<>();
            for (String v : List.of(net.h1(), net.h2())) {
                Interval iv = root.get(v);
                for (int i = 0; i < iv.size(); i++) {
                    if (iv.lower()[i] < 0 && iv.upper()[i] > 0) {
                        unstable.add(new Split(v, i, 0, true));
                    }
                }
            }
            if (unstable.isEmpty() || unstable.size() > 8) {
                continue;
            }
            DomainBounder bounder = new DomainBounder(net.graph(), c, d).iterations(150, 0.3);
            double withBeta = Double.POSITIVE_INFINITY;
            double withoutBeta = Double.POSITIVE_INFINITY;
            for (int mask = 0; mask < 1 << unstable.size(); mask++) {
                List<Split> splits = new ArrayList<>();
                DomainBounder.State state = DomainBounder.State.initial();
                for (int s = 0; s < unstable.size(); s++) {
                    Split u = unstable.get(s);
                    splits.add(new Split(u.value(), u.index(), 0, (mask >> s & 1) == 1));
                    state = state.child(1);
                }
                DomainBounder.Result res = bounder.bound(box, root, Map.of(), splits, state, Long.MAX_VALUE);
                withBeta = Math.min(withBeta, res.lower()[0]);
                if (!res.empty()) {
                    AlphaCrown.Problem p = new AlphaCrown.Problem(new double[] {1}, 1, res.box(), res.intermediate()::get,
                        new RoundingError(net.graph(), res.box()), new io.netverify.bounds.relax.AlphaParameters(), null, null);
                    BackwardPass.Result plain = AlphaCrown.optimise(net.graph(), net.graph().outputs().get(0), List.of(p),
                        new AlphaCrown.Settings(150, 0.3, 0.98, 5, Long.MAX_VALUE)).get(0);
                    withoutBeta = Math.min(withoutBeta, plain.lower()[0]);
                }
            }
            double sampled = Double.POSITIVE_INFINITY;
            Evaluator ev = new Evaluator(net.graph());
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int t = 0; t < 20000; t++) {
                sampled = Math.min(sampled, ev.evaluate(sample(rnd, box))[0]);
            }
            assertTrue(withBeta <= sampled + 1e-9, "unsound: " + withBeta + " > sampled minimum " + sampled);
            gapBeta += sampled - withBeta;
            gapNoBeta += sampled - withoutBeta;
        }
        assertTrue(gapNoBeta > 0, "no test case had a gap");
        assertTrue(gapBeta < 0.2 * gapNoBeta, "beta closes too little: gap " + gapBeta + " vs " + gapNoBeta + " without");
    }

    /**
     * Domains bounded together (one stacked pass per optimisation step, each domain with its own
     * splits, tightened intervals, warm start and multipliers) get the bounds they get one by one, up
     * to float rounding (the stacked products sum in another order), an empty domain among them included.
     */
    @Test
    void domainsBoundedTogetherGetTheirBoundsAlone() {
        for (int seed = 0; seed < 4; seed++) {
            Net net = net(400 + seed, 4, 10, 3);
            Interval box = new RandomGraphs(500 + seed).box(4, 1.5);
            double[][] c = {{1, -1, 0}, {0, 1, -1}};
            double[] d = {0.1, -0.2};
            Map<String, Interval> root = BoundPropagator.of(net.graph()).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
            SplittableRandom rnd = new SplittableRandom(seed);
            DomainBounder warm = new DomainBounder(net.graph(), c, d).iterations(10, 0.2);
            DomainBounder.State parent = warm.bound(box, root, Map.of(), List.of(), DomainBounder.State.initial(), Long.MAX_VALUE).state();
            List<DomainBounder.Request> domains = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                List<Split> splits = patternOf(net, root, sample(rnd, box), 1 + k);
                DomainBounder.State state = k == 0 ? parent : DomainBounder.State.initial();
                for (int s2 = 0; s2 < splits.size(); s2++) {
                    state = state.child(c.length);
                }
                if (k == 0) {
                    splits = List.of(splits.get(0));
                }
                domains.add(new DomainBounder.Request(splits, k == 1 ? Map.of(net.h1(), root.get(net.h1())) : Map.of(), state));
            }
            Split impossible = new Split(net.h1(), 0, root.get(net.h1()).upper()[0] + 1, true);
            domains.add(new DomainBounder.Request(List.of(impossible), Map.of(), DomainBounder.State.initial().child(c.length)));
            for (int iterations : new int[] {0, 15}) {
                DomainBounder bounder = new DomainBounder(net.graph(), c, d).iterations(iterations, 0.2);
                List<DomainBounder.Result> together = bounder.bound(box, root, domains, Long.MAX_VALUE);
                for (int k = 0; k < domains.size(); k++) {
                    DomainBounder.Request q = domains.get(k);
                    DomainBounder.Result alone = new DomainBounder(net.graph(), c, d).iterations(iterations, 0.2)
                        .bound(box, root, q.tightened(), q.splits(), q.state(), Long.MAX_VALUE);
                    for (int row = 0; row < c.length; row++) {
                        double a = alone.lower()[row];
                        double t = together.get(k).lower()[row];
                        assertTrue(a == t || Math.abs(a - t) <= 1e-9 * (1 + Math.abs(a)),
                            "seed " + seed + " domain " + k + " row " + row + " iterations " + iterations + ": " + t + " together, " + a + " alone");
                    }
                }
                assertTrue(together.get(domains.size() - 1).empty());
            }
        }
    }

    @Test
    void anEmptyDomainIsBoundedByInfinity() {
        Net net = net(3, 3, 6, 2);
        Interval box = new RandomGraphs(3).box(3, 1.0);
        double[][] c = {{1, 0}};
        double[] d = {0};
        Map<String, Interval> root = BoundPropagator.of(net.graph()).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
        Interval h1 = root.get(net.h1());
        // above the largest value the neuron can take: no input satisfies the split
        Split impossible = new Split(net.h1(), 0, h1.upper()[0] + 1, true);
        DomainBounder.Result res = new DomainBounder(net.graph(), c, d)
            .bound(box, root, Map.of(), List.of(impossible), DomainBounder.State.initial().child(1), Long.MAX_VALUE);
        assertTrue(res.empty());
        assertEquals(Double.POSITIVE_INFINITY, res.lower()[0]);
    }
}
