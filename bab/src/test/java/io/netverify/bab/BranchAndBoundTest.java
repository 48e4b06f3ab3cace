package io.netverify.bab;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver on a one-dimensional problem whose answer is known: is f(x) > 0 on [lo, hi]? A segment
 * is bounded by Lipschitz continuity, {@code f(x) >= f(mid) - L * |x - mid|}, and its midpoint is the
 * candidate; a witness is confirmed when f(x) < 0.
 */
class BranchAndBoundTest {
    private record Segment(double lo, double hi) {
        double mid() {
            return lo + (hi - lo) / 2;
        }
    }

    /**
     * The Lipschitz strategy; {@code nanosPerDomain} simulates slow bounding on a test {@link #clock}, which
     * advances only while domains are bounded, so timings do not depend on the machine or its load.
     */
    private static class Lipschitz implements BranchingStrategy<Segment> {
        final DoubleUnaryOperator f;
        final double lipschitz;
        final Segment root;
        final long nanosPerDomain;
        final AtomicLong clock = new AtomicLong();

        Lipschitz(DoubleUnaryOperator f, double lipschitz, double lo, double hi, long nanosPerDomain) {
            this.f = f;
            this.lipschitz = lipschitz;
            this.root = new Segment(lo, hi);
            this.nanosPerDomain = nanosPerDomain;
        }

        @Override
        public List<Segment> roots() {
            return List.of(root);
        }

        @Override
        public List<BoundedDomain<Segment>> bound(List<Segment> batch, long deadlineNanos) {
            clock.addAndGet(nanosPerDomain * batch.size());
            return batch.stream().map(s -> new BoundedDomain<>(s, lowerBound(s), new double[] {s.mid()})).toList();
        }

        /** f(x) >= f(mid) - L |x - mid|, with the rounded midpoint's actual distances to the ends. */
        double lowerBound(Segment s) {
            double mid = s.mid();
            return f.applyAsDouble(mid) - lipschitz * Math.max(mid - s.lo(), s.hi() - mid);
        }

        @Override
        public List<Segment> branch(BoundedDomain<Segment> d) {
            Segment s = d.domain();
            double mid = s.mid();
            if (!(mid > s.lo() && mid < s.hi())) {
                return List.of();
            }
            return List.of(new Segment(s.lo(), mid), new Segment(mid, s.hi()));
        }

        @Override
        public long bytes(Segment d) {
            return 100;
        }

        /** The search on this strategy's test clock, with a deadline {@code seconds} after its current time. */
        BabResult runFor(double seconds) {
            return BranchAndBound.of(this).clock(clock::get).run(check(), clock.get() + (long) (seconds * 1e9));
        }

        WitnessCheck check() {
            return x -> f.applyAsDouble(x[0]) < 0 ? Optional.of(x) : Optional.empty();
        }
    }

    private static long in(double seconds) {
        return System.nanoTime() + (long) (seconds * 1e9);
    }

    @Test
    void verifiesAPositiveFunction() {
        // (x - 0.3)^2 + 0.01 > 0 on [-1, 1]; |f'| <= 2.6 there
        Lipschitz s = new Lipschitz(x -> (x - 0.3) * (x - 0.3) + 0.01, 2.6, -1, 1, 0);
        List<String> lines = new ArrayList<>();
        BabResult r = BranchAndBound.of(s).progress(lines::add).run(s.check(), in(30));
        assertEquals(BabStatus.VERIFIED, r.status());
        assertNull(r.witness());
        assertEquals(Double.POSITIVE_INFINITY, r.worstBound());
        // a segment of width w is verified once 0.01 > 1.3 w, so the search must go below w = 2^-7
        assertTrue(r.visited() > 2 * 7, "visited " + r.visited());
        assertTrue(lines.get(lines.size() - 1).matches("bab: 0 domains open, \\d+ solved, worst bound none, [0-9.]+ s"),
            lines.toString());
    }

    @Test
    void findsAConfirmedCounterexample() {
        // (x - 0.3)^2 - 0.01 < 0 exactly for x in (0.2, 0.4)
        Lipschitz s = new Lipschitz(x -> (x - 0.3) * (x - 0.3) - 0.01, 2.6, -1, 1, 0);
        BabResult r = BranchAndBound.of(s).run(s.check(), in(30));
        assertEquals(BabStatus.FALSIFIED, r.status());
        assertTrue(r.witness()[0] > 0.2 && r.witness()[0] < 0.4, "witness " + r.witness()[0]);
        assertTrue(r.worstBound() <= 0);
    }

    @Test
    void unknownWhenADomainCannotBeSplit() {
        // min |x - 0.3| = 0 is never < 0 nor provably > 0: the segment around 0.3 shrinks to adjacent doubles
        Lipschitz s = new Lipschitz(x -> Math.abs(x - 0.3), 1, -1, 1, 0);
        BabResult r = BranchAndBound.of(s).run(s.check(), in(30));
        assertEquals(BabStatus.UNKNOWN, r.status());
        assertTrue(r.worstBound() <= 0);
        assertTrue(r.visited() > 2 * 50, "a double has 52 mantissa bits: " + r.visited());
    }

    @Test
    void stopsAtTheDeadline() {
        // needs about 2^14 domains at 0.2 ms each (about 3 s of the test clock): far more than the 0.3 s allowed
        Lipschitz s = new Lipschitz(x -> (x - 0.3) * (x - 0.3) + 1e-8, 2.6, -1, 1, 200_000);
        BabResult r = s.runFor(0.3);
        double took = s.clock.get() / 1e9;
        assertEquals(BabStatus.TIMEOUT, r.status());
        assertEquals(took, r.seconds(), 1e-12);
        // batches shrink near the deadline (each takes at most half the time left): the last one, of at least one
        // parent's two children, overruns it by at most their bounding; without that, one batch of the adaptive
        // size would take 0.5 s
        assertTrue(took >= 0.3 && took <= 0.3 + 2 * 200e-6, "took " + took + " s");
        assertTrue(r.visited() > 1000, "visited " + r.visited());
        assertTrue(r.worstBound() <= 0);
    }

    @Test
    void fallsBackToDepthFirstWhenMemoryIsShort() {
        // sin^2(50 x) + 1e-3 has 160 near-zero minima on [0, 10]: best first keeps many segments open
        DoubleUnaryOperator f = x -> Math.sin(50 * x) * Math.sin(50 * x) + 1e-3;
        Lipschitz free = new Lipschitz(f, 50, 0, 10, 0);
        BabResult unlimited = BranchAndBound.of(free).batchSize(8).run(free.check(), in(60));
        Lipschitz tight = new Lipschitz(f, 50, 0, 10, 0);
        // 20 domains of 100 bytes
        BabResult limited = BranchAndBound.of(tight).batchSize(8).memoryLimit(2000).run(tight.check(), in(60));
        assertEquals(BabStatus.VERIFIED, unlimited.status());
        assertEquals(BabStatus.VERIFIED, limited.status());
        assertTrue(unlimited.peakOpen() > 200, "best first should need many open domains: " + unlimited.peakOpen());
        // past the limit, each depth-first step adds at most one batch of children per level
        assertTrue(limited.peakOpen() < unlimited.peakOpen() / 2, limited.peakOpen() + " vs " + unlimited.peakOpen());
    }

    @Test
    void domainsCutShortByTheDeadlineReportTheirParentsBound() {
        // bounding past the deadline yields -infinity, as a bound pass cut short does; the search must report the
        // parents' (finite, sound) bound instead
        Lipschitz s = new Lipschitz(x -> (x - 0.3) * (x - 0.3) + 1e-8, 2.6, -1, 1, 200_000) {
            @Override
            public List<BoundedDomain<Segment>> bound(List<Segment> batch, long deadlineNanos) {
                List<BoundedDomain<Segment>> b = super.bound(batch, deadlineNanos);
                if (clock.get() - deadlineNanos < 0) {
                    return b;
                }
                return b.stream().map(d -> new BoundedDomain<>(d.domain(), Double.NEGATIVE_INFINITY, null)).toList();
            }
        };
        BabResult r = s.runFor(0.3);
        assertEquals(BabStatus.TIMEOUT, r.status());
        assertTrue(Double.isFinite(r.worstBound()) && r.worstBound() < 0, "worst bound " + r.worstBound());
    }

    /** sin^2(50 x) + 1e-3 on [0, 10], less a dip of depth 2 and half-width 1e-3 at 7.77: negative only in the dip. */
    private static double dipped(double x) {
        return Math.sin(50 * x) * Math.sin(50 * x) + 1e-3 - 2 * Math.max(0, 1 - Math.abs(x - 7.77) / 1e-3);
    }

    /** The dipped function's strategy: slow bounding (1 ms a domain on the test clock), Lipschitz 50 + 2 / 1e-3. */
    private static Lipschitz dippedStrategy() {
        return new Lipschitz(BranchAndBoundTest::dipped, 2050, 0, 10, 1_000_000);
    }

    @Test
    void aStalledSearchRunsTheAttackAndChecksItsCandidates() {
        // the search alone needs about 10^4 domains (segments narrower than the dip); a grid search with steps of
        // 1e-4 finds the dip at once, but only when the search has stalled for a window (1 s: 1000 domains)
        Lipschitz alone = dippedStrategy();
        BabResult unaided = alone.runFor(600);
        Lipschitz s = dippedStrategy();
        List<List<double[]>> calls = new ArrayList<>();
        StallAttack grid = (starts, deadline) -> {
            calls.add(starts);
            double best = 0;
            for (int i = 1; i <= 100_000; i++) {
                best = dipped(i * 1e-4) < dipped(best) ? i * 1e-4 : best;
            }
            return List.of(new double[] {best});
        };
        BabResult r = BranchAndBound.of(s).clock(s.clock::get).onStall(grid).run(s.check(), s.clock.get() + 600_000_000_000L);
        assertEquals(BabStatus.FALSIFIED, r.status());
        assertTrue(dipped(r.witness()[0]) < 0, "witness " + r.witness()[0]);
        assertEquals(1, calls.size());
        // the attack starts from the worst open domains' candidates (segment midpoints), at most 8
        assertTrue(!calls.get(0).isEmpty() && calls.get(0).size() <= 8, "starts " + calls.get(0).size());
        assertTrue(calls.get(0).stream().allMatch(x -> x[0] > 0 && x[0] < 10));
        assertTrue(r.visited() < unaided.visited() / 3, r.visited() + " vs " + unaided.visited());
        assertTrue(r.seconds() >= 1 && r.seconds() < 3, "stall window of 1 s: " + r.seconds());
    }

    @Test
    void stallAttacksComeEverFurtherApartAndTheirNonViolationsAreIgnored() {
        // sin^2(50 x) + 1e-3 > 0 on [0, 10], but with a Lipschitz constant of 2050 the search is far from done in 60 s
        Lipschitz s = new Lipschitz(x -> Math.sin(50 * x) * Math.sin(50 * x) + 1e-3, 2050, 0, 10, 1_000_000);
        List<Long> at = new ArrayList<>();
        // an attack that returns its starts: candidates that violate nothing
        StallAttack echo = (starts, deadline) -> {
            at.add(s.clock.get());
            return starts;
        };
        BabResult r = BranchAndBound.of(s).clock(s.clock::get).onStall(echo).run(s.check(), s.clock.get() + 60_000_000_000L);
        assertEquals(BabStatus.TIMEOUT, r.status());
        assertTrue(at.size() >= 4, "attacks " + at);
        for (int k = 1; k < at.size(); k++) {
            // the stall window doubles after each attack: 1 s, 2 s, 4 s, ...
            assertTrue(at.get(k) - at.get(k - 1) >= (1L << k) * 1_000_000_000L, "attack times " + at);
        }
    }

    @Test
    void noStallAttackOnASearchThatEndsWithinTheFirstWindow() {
        // (x - 0.3)^2 + 0.01 > 0 on [-1, 1] needs a few hundred domains: 1 ms each on the test clock, under 1 s
        Lipschitz s = new Lipschitz(x -> (x - 0.3) * (x - 0.3) + 0.01, 2.6, -1, 1, 1_000_000);
        List<Long> at = new ArrayList<>();
        BabResult r = BranchAndBound.of(s).clock(s.clock::get).onStall((starts, deadline) -> {
            at.add(s.clock.get());
            return List.of();
        }).run(s.check(), s.clock.get() + 600_000_000_000L);
        assertEquals(BabStatus.VERIFIED, r.status());
        assertTrue(r.seconds() < 1, "took " + r.seconds());
        assertEquals(List.of(), at);
    }
}
