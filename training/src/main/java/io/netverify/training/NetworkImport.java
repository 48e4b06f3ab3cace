package io.netverify.training;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * Builds a trainable {@link Network} from a chain network in the verifier's graph IR (as
 * {@code OnnxModel.read(file).toGraph()} gives it): fully connected layers, 2-D convolutions
 * (square kernels, equal strides, symmetric zero padding, no dilation or groups), ReLU, leaky ReLU,
 * sigmoid, tanh and reshapes to a flat vector; the weights are copied.
 */
public final class NetworkImport {
    private NetworkImport() {
    }

    /**
     * The trainable copy of a graph; unsupported operators are named in the error.
     *
     * @param graph a chain network in the verifier's graph IR
     * @return the network, with the graph's weights
     */
    public static Network fromGraph(Graph graph) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new IllegalArgumentException("a trainable network has one input and one output");
        }
        int[] dims = graph.inputs().get(0).shape().dims();
        boolean image = graph.nodes().stream().anyMatch(n -> n.opType().equals("Conv"));
        if (image && dims.length < 3) {
            throw new IllegalArgumentException("a network with convolutions needs an image input, got " + graph.inputs().get(0));
        }
        Geometry current = image
            ? Geometry.image(dims[dims.length - 3], dims[dims.length - 2], dims[dims.length - 1])
            : Geometry.flat(graph.inputs().get(0).shape().size());
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
                    if (builder.current().image()) {
                        builder.flatten();
                    }
                }
                case "Linear" -> builder.linear(graph.constant(n.input(1)).shape().dim(0));
                case "Conv" -> conv(builder, graph, n);
                case "Relu" -> builder.relu();
                case "LeakyRelu" -> builder.leakyRelu(n.attributes().getFloat("alpha", 0.01));
                case "Sigmoid" -> builder.sigmoid();
                case "Tanh" -> builder.tanh();
                default -> throw new IllegalArgumentException(n.describe() + ": operator " + n.opType()
                    + " is not supported by the training import (Linear, Conv, Relu, LeakyRelu, Sigmoid, Tanh, reshapes)");
            }
            value = n.output();
        }
        Network net = builder.build();
        int next = 0;
        List<Node> weighted = graph.nodes().stream().filter(n -> n.opType().equals("Linear") || n.opType().equals("Conv")).toList();
        for (Layer l : net.layers()) {
            if (l instanceof Linear || l instanceof Conv2d) {
                Node n = weighted.get(next++);
                copy(graph.constant(n.input(1)), l.parameters().get(0), n);
                if (n.inputs().size() > 2 && !n.input(2).isEmpty()) {
                    copy(graph.constant(n.input(2)), l.parameters().get(1), n);
                } else {
                    java.util.Arrays.fill(l.parameters().get(1).value(), 0);
                }
            }
        }
        return net;
    }

    private static void conv(NetworkBuilder builder, Graph graph, Node n) {
        int[] w = graph.constant(n.input(1)).shape().dims();
        long[] strides = n.attributes().getInts("strides", new long[] {1, 1});
        long[] pads = n.attributes().getInts("pads", new long[] {0, 0, 0, 0});
        long[] dilations = n.attributes().getInts("dilations", new long[] {1, 1});
        boolean square = w.length == 4 && w[2] == w[3] && strides.length == 2 && strides[0] == strides[1]
            && pads.length == 4 && pads[0] == pads[1] && pads[1] == pads[2] && pads[2] == pads[3]
            && dilations[0] == 1 && dilations[1] == 1 && n.attributes().getInt("group", 1) == 1
            && !n.attributes().asMap().containsKey("auto_pad");
        if (!square) {
            throw new IllegalArgumentException(n.describe() + ": the training import takes 2-D convolutions with square"
                + " kernels, equal strides, symmetric padding, no dilation, groups or auto_pad");
        }
        builder.conv(w[0], w[2], (int) strides[0], (int) pads[0]);
    }

    private static void copy(Tensor t, Parameter p, Node n) {
        if (t.size() != p.value().length) {
            throw new IllegalArgumentException(n.describe() + ": weight of " + t.size() + " values, expected " + p.value().length);
        }
        System.arraycopy(t.data(), 0, p.value(), 0, t.size());
    }
}
