package io.netverify.bounds;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Training changes weights between bound computations. What the bound methods keep per graph (weight
 * copies of linear layers, rounding magnitudes of constants) must not serve a graph whose weight
 * changed: after {@link Graph#withConstant}, every method's bounds equal those of the same network
 * built from scratch (and differ from the old ones), and the old graph's bounds stay as they were.
 */
class ChangedWeightsTest {
    @Test
    void aChangedWeightIsSeenByEveryMethodOnTheNextCall() {
        RandomGraphs r = new RandomGraphs(19);
        String x = r.node("Affine", "x", r.constant(r.gaussian(1, 4)), r.constant(r.gaussian(0.1, 4)));
        String h = r.node("Relu", r.linear(x, 4, 10));
        h = r.node("Sigmoid", r.linear(h, 10, 10));
        Graph g = r.build(Shape.of(1, 4), r.linear(h, 10, 3));
        Interval box = r.box(4, 1.0);
        double[][] c = SoundnessCheck.identity(3);
        double[] d = new double[3];
        // the largest weight matrix, each entry scaled
        String w = g.constants().entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
        Tensor old = g.constant(w);
        double[] scaled = old.data().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 1.5 + 0.1 * (i % 3);
        }
        Graph changed = g.withConstant(w, new Tensor(old.type(), old.shape(), scaled));
        Map<String, Tensor> copies = new LinkedHashMap<>();
        changed.constants().forEach((k, t) -> copies.put(k, new Tensor(t.type(), t.shape(), t.data().clone())));
        // new nodes too, so that nothing keyed by a node's identity can serve it
        List<Node> nodes = changed.nodes().stream()
            .map(n -> new Node(n.name(), n.opType(), n.inputs(), n.outputs(), n.attributes())).toList();
        Graph scratch = new Graph(changed.name(), changed.opset(), changed.inputs(), changed.outputs(), nodes, copies,
            changed.values());
        for (BoundMethod m : BoundMethod.values()) {
            Bounds before = BoundPropagator.of(g).method(m).compute(box, c, d);
            Bounds after = BoundPropagator.of(changed).method(m).compute(box, c, d);
            Bounds expected = BoundPropagator.of(scratch).method(m).compute(box, c, d);
            assertArrayEquals(expected.lower(), after.lower(), 0, m + " lower bounds after the change");
            assertArrayEquals(expected.upper(), after.upper(), 0, m + " upper bounds after the change");
            assertFalse(java.util.Arrays.equals(before.lower(), after.lower()), m + ": the change did not move the bounds");
            SoundnessCheck.check(changed, box, c, d, after, 500, 19);
            Bounds again = BoundPropagator.of(g).method(m).compute(box, c, d);
            assertArrayEquals(before.lower(), again.lower(), 0, m + " lower bounds of the old graph");
            assertArrayEquals(before.upper(), again.upper(), 0, m + " upper bounds of the old graph");
        }
    }
}
