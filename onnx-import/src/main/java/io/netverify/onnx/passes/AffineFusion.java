package io.netverify.onnx.passes;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds Affine nodes into their neighbours: Affine after Affine, Affine after Linear (along the
 * output axis), Affine after Conv/ConvTranspose (per output channel, e.g. folded BatchNorm), and
 * Affine before Linear (along the input axis); a scalar Affine before a View moves after it. Fewer nodes mean fewer relaxation steps later.
 */
public final class AffineFusion implements GraphPass {
    private static final String FOLDED = GraphPass.FOLDED_MAGNITUDE;
    private static final int MAX_ROUNDS = 16;

    @Override
    public Graph apply(Graph graph, String source) {
        Graph g = graph;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Graph next = once(g, source);
            if (next == g) {
                break;
            }
            g = next;
        }
        return g;
    }

    private static Graph once(Graph g, String source) {
        GraphEditor e = new GraphEditor(g, source);
        boolean changed = false;
        for (Node n : g.nodes()) {
            if (n.opType().equals("Affine") && e.contains(n)) {
                changed |= fuse(g, e, n);
            }
        }
        return changed ? e.build() : g;
    }

    private static boolean fuse(Graph g, GraphEditor e, Node affine) {
        try {
            return tryFuse(g, e, affine);
        } catch (AffineTerms.Underflow lossy) {
            return false;
        }
    }

    private static boolean tryFuse(Graph g, GraphEditor e, Node affine) {
        Tensor s = g.constant(affine.input(1));
        Tensor t = g.constant(affine.input(2));
        if (s == null || t == null) {
            return false;
        }
        Node p = g.producer(affine.input(0));
        if (p != null && e.contains(p) && e.singleUse(p.output())) {
            int rank = g.shape(affine.output()).rank();
            Node fused = switch (p.opType()) {
                case "Affine" -> affineAfterAffine(g, e, p, s, t, affine);
                case "Linear" -> AffineTerms.variesOnlyAlong(s, rank, rank - 1) && AffineTerms.variesOnlyAlong(t, rank, rank - 1)
                    ? linearThenAffine(g, e, p, s, t, affine) : null;
                case "Conv", "ConvTranspose" -> rank >= 3 && AffineTerms.variesOnlyAlong(s, rank, 1)
                    && AffineTerms.variesOnlyAlong(t, rank, 1) ? convThenAffine(g, e, p, s, t, affine) : null;
                default -> null;
            };
            if (fused != null && AffineTerms.finite(e, fused)) {
                e.replace(p);
                e.replace(affine, fused);
                return true;
            }
        }
        List<Node> consumers = g.consumers(affine.output());
        int rank = g.shape(affine.input(0)).rank();
        if (consumers.size() == 1 && e.singleUse(affine.output()) && consumers.get(0).opType().equals("Linear")
            && e.contains(consumers.get(0)) && consumers.get(0).input(0).equals(affine.output())
            && AffineTerms.variesOnlyAlong(s, rank, rank - 1) && AffineTerms.variesOnlyAlong(t, rank, rank - 1)) {
            Node lin = consumers.get(0);
            Node fused = affineThenLinear(g, e, affine, s, t, lin);
            if (AffineTerms.finite(e, fused)) {
                e.replace(affine);
                e.replace(lin, fused);
                return true;
            }
        }
        if (consumers.size() == 1 && e.singleUse(affine.output()) && consumers.get(0).opType().equals("View")
            && e.contains(consumers.get(0)) && s.size() == 1 && t.size() == 1) {
            // a scalar Affine commutes with a view: move it after, where it may meet a Linear
            Node view = consumers.get(0);
            String moved = e.freshValue(view.output());
            e.replace(affine);
            e.replace(view, new Node(view.name(), "View", List.of(affine.input(0)), List.of(moved), view.attributes()),
                new Node(affine.name(), "Affine", List.of(moved, e.constant(affine.name() + "_scale", Tensor.scalar(s.get(0))),
                    e.constant(affine.name() + "_shift", Tensor.scalar(t.get(0)))), view.outputs(), affine.attributes()));
            return true;
        }
        return false;
    }

    private static Node affineAfterAffine(Graph g, GraphEditor e, Node first, Tensor s2, Tensor t2, Node second) {
        Tensor s1 = g.constant(first.input(1));
        Tensor t1 = g.constant(first.input(2));
        if (s1 == null || t1 == null) {
            return null;
        }
        Tensor scale = AffineTerms.multiply(s1, s2);
        Tensor shift = AffineTerms.add(AffineTerms.multiply(t1, s2), t2);
        // |t1 s2| + |t2| + |s2| folded1 + folded2
        Tensor folded = AffineTerms.add(AffineTerms.add(AffineTerms.abs(AffineTerms.multiply(t1, s2)), AffineTerms.abs(t2)),
            AffineTerms.add(AffineTerms.multiply(AffineTerms.abs(s2), AffineTerms.folded(first)), AffineTerms.folded(second)));
        return new Node(second.name(), "Affine", List.of(first.input(0), e.constant(second.name() + "_scale", scale),
            e.constant(second.name() + "_shift", shift)), second.outputs(), Attributes.EMPTY.with(FOLDED, folded));
    }

    /** s * (W x + b) + t = (s W) x + (s b + t), per output row. */
    private static Node linearThenAffine(Graph g, GraphEditor e, Node lin, Tensor s, Tensor t, Node affine) {
        Tensor w = g.constant(lin.input(1));
        Tensor b = lin.input(2).isEmpty() ? null : g.constant(lin.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[] nw = new double[out * in];
        double[] nb = new double[out];
        double[] folded = new double[out];
        Tensor linFolded = AffineTerms.folded(lin);
        Tensor affFolded = AffineTerms.folded(affine);
        for (int o = 0; o < out; o++) {
            double so = AffineTerms.along(s, o);
            for (int i = 0; i < in; i++) {
                nw[o * in + i] = AffineTerms.times(so, w.get(o * in + i));
            }
            double sb = AffineTerms.times(so, b == null ? 0 : b.get(o));
            nb[o] = sb + AffineTerms.along(t, o);
            folded[o] = Math.abs(sb) + Math.abs(AffineTerms.along(t, o)) + Math.abs(so) * AffineTerms.along(linFolded, o)
                + AffineTerms.along(affFolded, o);
        }
        return linear(e, affine, lin.input(0), Tensor.of(w.shape(), nw), nb, folded);
    }

    /** W (s x + t) + b = (W diag s) x + (W t + b). */
    private static Node affineThenLinear(Graph g, GraphEditor e, Node affine, Tensor s, Tensor t, Node lin) {
        Tensor w = g.constant(lin.input(1));
        Tensor b = lin.input(2).isEmpty() ? null : g.constant(lin.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[] nw = new double[out * in];
        double[] nb = new double[out];
        double[] folded = new double[out];
        Tensor linFolded = AffineTerms.folded(lin);
        Tensor affFolded = AffineTerms.folded(affine);
        for (int o = 0; o < out; o++) {
            double acc = b == null ? 0 : b.get(o);
            double mag = Math.abs(acc) + AffineTerms.along(linFolded, o);
            for (int i = 0; i < in; i++) {
                double wi = w.get(o * in + i);
                nw[o * in + i] = AffineTerms.times(wi, AffineTerms.along(s, i));
                acc += AffineTerms.times(wi, AffineTerms.along(t, i));
                mag += Math.abs(wi) * (Math.abs(AffineTerms.along(t, i)) + AffineTerms.along(affFolded, i));
            }
            nb[o] = acc;
            folded[o] = mag;
        }
        return linear(e, lin, affine.input(0), Tensor.of(w.shape(), nw), nb, folded);
    }

    /** Per output channel c: W[c-slice] *= s[c], b[c] = s[c] b[c] + t[c]. */
    private static Node convThenAffine(Graph g, GraphEditor e, Node conv, Tensor s, Tensor t, Node affine) {
        Tensor w = g.constant(conv.input(1));
        Tensor b = conv.input(2).isEmpty() ? null : g.constant(conv.input(2));
        if (w == null || !conv.input(2).isEmpty() && b == null) {
            return null;
        }
        boolean transposed = conv.opType().equals("ConvTranspose");
        int outChannels = g.shape(conv.output()).dim(1);
        int group = (int) conv.attributes().getInt("group", 1);
        int kernel = w.size() / (w.shape().dim(0) * w.shape().dim(1));
        double[] nw = w.data();
        for (int r = 0; r < w.shape().dim(0); r++) {
            for (int c = 0; c < w.shape().dim(1); c++) {
                int outChannel = transposed ? r / (w.shape().dim(0) / group) * w.shape().dim(1) + c : r;
                double sc = AffineTerms.along(s, outChannel);
                int base = (r * w.shape().dim(1) + c) * kernel;
                for (int k = 0; k < kernel; k++) {
                    nw[base + k] = AffineTerms.times(nw[base + k], sc);
                }
            }
        }
        double[] nb = new double[outChannels];
        double[] folded = new double[outChannels];
        Tensor convFolded = AffineTerms.folded(conv);
        Tensor affFolded = AffineTerms.folded(affine);
        for (int c = 0; c < outChannels; c++) {
            double sc = AffineTerms.along(s, c);
            double sb = AffineTerms.times(sc, b == null ? 0 : b.get(c));
            nb[c] = sb + AffineTerms.along(t, c);
            folded[c] = Math.abs(sb) + Math.abs(AffineTerms.along(t, c)) + Math.abs(sc) * along(convFolded, c)
                + along(affFolded, c);
        }
        List<String> inputs = new ArrayList<>(List.of(conv.input(0), e.constant(conv.name() + "_W", Tensor.of(w.shape(), nw)),
            e.constant(conv.name() + "_b", Tensor.of(Shape.of(outChannels), nb))));
        int[] dims = new int[g.shape(affine.output()).rank() - 1];
        java.util.Arrays.fill(dims, 1);
        dims[0] = outChannels;
        return new Node(conv.name(), conv.opType(), inputs, affine.outputs(),
            conv.attributes().with(FOLDED, Tensor.of(Shape.of(dims), folded)));
    }

    private static Node linear(GraphEditor e, Node named, String x, Tensor w, double[] b, double[] folded) {
        return new Node(named.name(), "Linear", List.of(x, e.constant(named.name() + "_W", w),
            e.constant(named.name() + "_b", Tensor.of(Shape.of(b.length), b))), List.of(named.output()),
            Attributes.EMPTY.with(FOLDED, Tensor.of(Shape.of(folded.length), folded)));
    }

    /** A per-channel (or scalar) folded magnitude at channel c. */
    private static double along(Tensor folded, int c) {
        return folded.size() == 1 ? folded.get(0) : folded.get(c);
    }
}
