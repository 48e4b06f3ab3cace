package io.netverify.training;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * Builds a trainable {@link Network} from a chain network in the verifier's graph IR (as
 * {@code OnnxModel.read(file).toGraph()} gives it): fully connected layers, ReLU, sigmoid and tanh,
 * with reshapes to a flat vector; the weights are copied.
 */
public final class NetworkImport {
    private NetworkImport() {
    }

    /** The trainable copy of {@code graph}; unsupported operators are named in the error. */
    public static Network fromGraph(Graph graph) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new IllegalArgumentException("a trainable network has one input and one output");
        }
        Geometry current = Geometry.flat(graph.inputs().get(0).shape().size());
        NetworkBuilder builder = Network.builder(current, 0);
        String value = graph.inputs().get(0).name();
        for (Node n : graph.nodes()) {
            List<String> computed = n.inputs().stream().filter(i -> !i.isEmpty() && !graph.isConstant(i)).toList();
            if (computed.size() != 1 || !computed.get(0).equals(value)) {
                throw new IllegalArgumentException(n.describe() + ": the training import takes chains of single-input layers");
            }
            switch (n.opType()) {
                case "View", "Flatten", "Reshape" -> {
                    if (graph.shape(n.output()).size() != graph.shape(value).size()) {
                        throw new IllegalArgumentException(n.describe() + ": a reshape must keep every value");
                    }
                }
                case "Linear" -> builder.linear(graph.constant(n.input(1)).shape().dim(0));
                case "Relu" -> builder.relu();
                case "Sigmoid" -> builder.sigmoid();
                case "Tanh" -> builder.tanh();
                default -> throw new IllegalArgumentException(n.describe() + ": operator " + n.opType()
                    + " is not supported by the training import (Linear, Relu, Sigmoid, Tanh, reshapes)");
            }
            value = n.output();
        }
        Network net = builder.build();
        int linear = 0;
        List<Node> linears = graph.nodes().stream().filter(n -> n.opType().equals("Linear")).toList();
        for (Layer l : net.layers()) {
            if (l instanceof Linear lin) {
                Node n = linears.get(linear++);
                copy(graph.constant(n.input(1)), lin.parameters().get(0), n);
                if (n.inputs().size() > 2 && !n.input(2).isEmpty()) {
                    copy(graph.constant(n.input(2)), lin.parameters().get(1), n);
                } else {
                    java.util.Arrays.fill(lin.parameters().get(1).value(), 0);
                }
            }
        }
        return net;
    }

    private static void copy(Tensor t, Parameter p, Node n) {
        if (t.size() != p.value().length) {
            throw new IllegalArgumentException(n.describe() + ": weight of " + t.size() + " values, expected " + p.value().length);
        }
        System.arraycopy(t.data(), 0, p.value(), 0, t.size());
    }
}
