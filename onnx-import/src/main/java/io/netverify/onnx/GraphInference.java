package io.netverify.onnx;

import io.netverify.onnx.ops.Operator;
import io.netverify.onnx.ops.Operators;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Graph} from nodes: orders them topologically, infers every value's type and
 * static shape, folds nodes whose inputs are all constant, and drops what no output needs.
 */
public final class GraphInference {
    /** Tensors larger than this are rejected as absurd (1 GiB of doubles). */
    public static final int MAX_ELEMENTS = 1 << 27;
    /**
     * Most elements a folded constant may have unless its inputs hold as many: folding makes data that
     * the file does not hold (ConstantOfShape, Expand, Tile...), and must not fill gigabytes for it.
     */
    public static final int MAX_FOLDED_ELEMENTS = 1 << 22;

    private GraphInference() {
    }

    public static Graph build(String source, String name, long opset, List<ValueInfo> inputs, List<String> outputs,
                              List<Node> nodes, Map<String, Tensor> constants) {
        Map<String, ValueInfo> infos = new LinkedHashMap<>();
        Map<String, Tensor> consts = new LinkedHashMap<>(constants);
        for (ValueInfo in : inputs) {
            infos.put(in.name(), in);
        }
        consts.forEach((k, t) -> infos.put(k, new ValueInfo(k, t.type(), t.shape())));
        List<Node> kept = new ArrayList<>();
        for (Node n : topologicalOrder(source, nodes, infos.keySet())) {
            Operator op = Operators.find(n.opType())
                .orElseThrow(() -> new ModelException(source + ": unsupported operator " + n.describe()));
            List<ValueInfo> ins = new ArrayList<>();
            List<Tensor> vals = new ArrayList<>();
            boolean allConstant = true;
            for (String in : n.inputs()) {
                ins.add(in.isEmpty() ? null : infos.get(in));
                Tensor c = in.isEmpty() ? null : consts.get(in);
                vals.add(c);
                allConstant &= in.isEmpty() || c != null;
            }
            try {
                if (op.readsOnlyInputShape() && ins.get(0) != null) {
                    vals.set(0, Tensor.zeros(ins.get(0).type(), ins.get(0).shape()));
                    allConstant = true;
                }
                if (allConstant) {
                    // the declared output sizes first: a shape input of billions must fail before it is allocated
                    long given = vals.stream().filter(v -> v != null).mapToLong(Tensor::size).sum();
                    for (ValueInfo v : op.infer(n, ins, vals)) {
                        checkSize(v.shape());
                        checkFoldedSize(v.shape(), given);
                    }
                    List<Tensor> out = op.evaluate(n, vals);
                    for (int k = 0; k < n.outputs().size() && k < out.size(); k++) {
                        Tensor t = out.get(k);
                        checkSize(t.shape());
                        consts.put(n.outputs().get(k), t);
                        infos.put(n.outputs().get(k), new ValueInfo(n.outputs().get(k), t.type(), t.shape()));
                    }
                } else {
                    for (ValueInfo v : op.infer(n, ins, vals)) {
                        checkSize(v.shape());
                        infos.put(v.name(), v);
                    }
                    kept.add(n);
                }
            } catch (ModelException e) {
                throw e.getMessage().startsWith(source) ? e : new ModelException(source + ": " + n.describe() + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException | IndexOutOfBoundsException | ClassCastException | NullPointerException e) {
                throw new ModelException(source + ": " + n.describe() + ": " + e.getMessage(), e);
            }
        }
        for (String out : outputs) {
            if (!infos.containsKey(out)) {
                throw new ModelException(source + ": graph output '" + out + "' is not produced by any node");
            }
        }
        List<Node> live = liveNodes(kept, outputs);
        Set<String> used = new HashSet<>(outputs);
        live.forEach(n -> used.addAll(n.inputs()));
        consts.keySet().retainAll(used);
        Map<String, ValueInfo> liveInfos = new LinkedHashMap<>();
        for (ValueInfo in : inputs) {
            liveInfos.put(in.name(), in);
        }
        for (String k : consts.keySet()) {
            liveInfos.put(k, infos.get(k));
        }
        for (Node n : live) {
            for (String o : n.outputs()) {
                if (infos.containsKey(o)) {
                    liveInfos.put(o, infos.get(o));
                }
            }
        }
        return new Graph(name, opset, inputs, outputs, live, consts, liveInfos);
    }

    private static void checkSize(Shape s) {
        if (s.size() > MAX_ELEMENTS) {
            throw new IllegalArgumentException("tensor of shape " + s + " (" + s.size() + " elements) is too large");
        }
    }

    private static void checkFoldedSize(Shape s, long inputElements) {
        if (s.size() > Math.max(MAX_FOLDED_ELEMENTS, inputElements)) {
            throw new IllegalArgumentException("constant of shape " + s + " (" + s.size() + " elements) is too large to fold:"
                + " at most " + MAX_FOLDED_ELEMENTS + " elements, or as many as the node's inputs hold");
        }
    }

    /** Kahn's algorithm; a node whose input is never produced is an error naming both. */
    private static List<Node> topologicalOrder(String source, List<Node> nodes, Set<String> available) {
        Set<String> ready = new HashSet<>(available);
        Map<String, List<Integer>> waiting = new HashMap<>();
        int[] missing = new int[nodes.size()];
        Deque<Integer> queue = new ArrayDeque<>();
        Set<String> produced = new HashSet<>();
        nodes.forEach(n -> produced.addAll(n.outputs()));
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : new HashSet<>(nodes.get(i).inputs())) {
                if (in.isEmpty() || ready.contains(in)) {
                    continue;
                }
                if (!produced.contains(in)) {
                    throw new ModelException(source + ": " + nodes.get(i).describe() + " reads '" + in
                        + "', which is neither a graph input, an initializer nor a node output");
                }
                missing[i]++;
                waiting.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
            if (missing[i] == 0) {
                queue.add(i);
            }
        }
        List<Node> order = new ArrayList<>();
        while (!queue.isEmpty()) {
            Node n = nodes.get(queue.poll());
            order.add(n);
            for (String o : n.outputs()) {
                if (ready.add(o)) {
                    for (int j : waiting.getOrDefault(o, List.of())) {
                        if (--missing[j] == 0) {
                            queue.add(j);
                        }
                    }
                }
            }
        }
        if (order.size() < nodes.size()) {
            Node stuck = nodes.stream().filter(n -> !order.contains(n)).findFirst().orElseThrow();
            throw new ModelException(source + ": the graph has a cycle through " + stuck.describe());
        }
        return order;
    }

    private static List<Node> liveNodes(List<Node> nodes, List<String> outputs) {
        Set<String> needed = new HashSet<>(outputs);
        List<Node> live = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.outputs().stream().anyMatch(needed::contains)) {
                live.add(n);
                needed.addAll(n.inputs());
            }
        }
        Collections.reverse(live);
        return live;
    }
}
