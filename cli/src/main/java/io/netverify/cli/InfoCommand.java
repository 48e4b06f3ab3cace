package io.netverify.cli;

import io.netverify.onnx.Graph;
import io.netverify.onnx.ModelException;
import io.netverify.onnx.Node;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.ValueInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code verify info}: what a network is made of, and whether every operator is supported. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = {"Summarises an ONNX network and lists any unsupported operators.",
        "Shows inputs, outputs, opset, parameter count, and the normalised graph's operators with shapes."})
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--onnx", required = true, paramLabel = "MODEL", description = "The ONNX network.")
    Path onnx;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OnnxModel model = OnnxModel.read(onnx);
        out.printf("model:      %s%n", onnx);
        out.printf("producer:   %s%n", model.producer().isBlank() ? "(unknown)" : model.producer().trim());
        out.printf("opset:      %d%n", model.opset());
        for (ValueInfo in : model.inputs()) {
            out.printf("input:      %s %s %s%n", in.name(), in.type(), in.shape());
        }
        out.printf("outputs:    %s%n", String.join(", ", model.outputs()));
        Map<String, Integer> ops = new TreeMap<>();
        model.nodes().forEach(n -> ops.merge(n.opType(), 1, Integer::sum));
        out.printf("nodes:      %d (%s)%n", model.nodes().size(), ops.toString().replaceAll("[{}]", ""));
        List<String> unsupported = model.unsupportedOperators();
        if (!unsupported.isEmpty()) {
            out.printf("unsupported operators (%d):%n", unsupported.size());
            unsupported.forEach(u -> out.println("  " + u));
            return 0;
        }
        out.println("unsupported operators: none");
        Graph g;
        try {
            g = model.toGraph();
        } catch (ModelException e) {
            out.println("cannot build the graph: " + e.getMessage());
            return Main.EXIT_INPUT;
        }
        out.printf("parameters: %d%n", g.parameterCount());
        for (String o : g.outputs()) {
            out.printf("output:     %s %s %s%n", o, g.info(o).type(), g.shape(o));
        }
        out.printf("normalised graph (%d nodes):%n", g.nodes().size());
        for (Node n : g.nodes()) {
            out.printf("  %-14s %-28s -> %s%n", n.opType(), n.name(), g.shape(n.output()));
        }
        return 0;
    }
}
