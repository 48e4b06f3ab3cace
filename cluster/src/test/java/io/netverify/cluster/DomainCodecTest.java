package io.netverify.cluster;

import io.netverify.bab.ActivationDomain;
import io.netverify.bab.BoundedDomain;
import io.netverify.bab.InputDomain;
import io.netverify.bab.UnsafeRegion;
import io.netverify.bounds.BranchingCandidates.Candidate;
import io.netverify.bounds.DomainBounder;
import io.netverify.bounds.Interval;
import io.netverify.bounds.Split;
import io.netverify.verifier.BranchingMode;
import io.netverify.verifier.BranchingProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Domains and problems come back from their bytes as they were (an activation domain's state fresh, with its splits' count). */
class DomainCodecTest {
    private static final List<UnsafeRegion> REGIONS = List.of(
        new UnsafeRegion(new double[][] {{1, -1, 0}, {0, 1, -1}}, new double[] {0, -0.5}),
        new UnsafeRegion(new double[][] {{-1, 0, 1}}, new double[] {1e-300}));
    private final DomainCodec codec = new DomainCodec(REGIONS);

    @Test
    void inputDomainsRoundTrip() {
        InputDomain d = new InputDomain(new Interval(new double[] {-1e300, 0, -0.0}, new double[] {1e300, 0, Double.MIN_VALUE}),
            new int[] {0, 1}, 2, Double.NEGATIVE_INFINITY);
        BoundedDomain<InputDomain> b = new BoundedDomain<>(d, Double.NaN, new double[] {0.5, 0, -0.0});
        List<BoundedDomain<InputDomain>> back = codec.bounded(codec.bounded(List.of(b, new BoundedDomain<>(d, 0.25, null))));
        assertEquals(2, back.size());
        InputDomain e = back.get(0).domain();
        assertArrayEquals(d.box().lower(), e.box().lower());
        assertArrayEquals(d.box().upper(), e.box().upper());
        assertArrayEquals(d.open(), e.open());
        assertEquals(2, e.splitDimension());
        assertEquals(Double.NEGATIVE_INFINITY, e.parentBound());
        assertEquals(Double.NaN, back.get(0).lowerBound());
        assertArrayEquals(b.candidate(), back.get(0).candidate());
        assertEquals(0.25, back.get(1).lowerBound());
        assertNull(back.get(1).candidate());
    }

    @Test
    void activationDomainsRoundTripWithAFreshStateForTheirSplits() {
        DomainBounder.State state = DomainBounder.State.initial().child(3).child(3);
        ActivationDomain d = new ActivationDomain(List.of(new Split("relu1", 4, 0, true), new Split("relu2", 0, -0.25, false)),
            state, new int[] {1}, new Candidate("relu2", 7, 0.5, 3.25), Map.of("h1", new Interval(new double[] {-1}, new double[] {2})),
            -0.75);
        List<ActivationDomain> back = codec.domains(codec.domains(List.of(d)));
        ActivationDomain e = back.get(0);
        assertEquals(d.splits(), e.splits());
        assertArrayEquals(d.open(), e.open());
        assertEquals(d.next(), e.next());
        assertEquals(-0.75, e.parentBound());
        assertArrayEquals(d.tightened().get("h1").lower(), e.tightened().get("h1").lower());
        assertArrayEquals(d.tightened().get("h1").upper(), e.tightened().get("h1").upper());
        // 3 margin rows, 2 splits: a multiplier per row and split, as the bounder checks
        assertEquals(state.doubles(), e.state().doubles());
    }

    @Test
    void problemsRoundTrip() {
        BranchingProblem p = new BranchingProblem(BranchingMode.ACTIVATION, new Interval(new double[] {0, 1}, new double[] {1, 2}),
            REGIONS, Map.of("x", new Interval(new double[] {0}, new double[] {3})));
        DomainCodec.Problem back = DomainCodec.problem(DomainCodec.problem("/nets/a.onnx", p));
        assertEquals("/nets/a.onnx", back.onnx());
        assertEquals(BranchingMode.ACTIVATION, back.problem().mode());
        assertArrayEquals(p.box().upper(), back.problem().box().upper());
        assertEquals(2, back.problem().regions().size());
        assertArrayEquals(REGIONS.get(1).c()[0], back.problem().regions().get(1).c()[0]);
        assertArrayEquals(REGIONS.get(1).d(), back.problem().regions().get(1).d());
        assertArrayEquals(new double[] {3}, back.problem().intermediate().get("x").upper());
        assertNull(DomainCodec.problem(DomainCodec.problem("n", new BranchingProblem(BranchingMode.INPUT, p.box(), REGIONS, null)))
            .problem().intermediate());
    }
}
