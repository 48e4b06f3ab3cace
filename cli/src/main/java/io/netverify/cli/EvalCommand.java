package io.netverify.cli;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code verify eval}: runs the network on one input with the exact evaluator. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluates an ONNX network exactly (float64) on one input.",
        "Prints one 'Y_i value' line per output. Input values are in the flattened (row-major) input order."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--onnx", required = true, paramLabel = "MODEL", description = "The ONNX network.")
    Path onnx;

    @ArgGroup(multiplicity = "1")
    InputSource source;

    static final class InputSource {
        @Option(names = "--input", paramLabel = "V1,V2,...", description = "Input values, comma or space separated.")
        String values;

        @Option(names = "--input-file", paramLabel = "FILE", description = "A file with the input values.")
        Path file;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Graph g = OnnxModel.read(onnx).toGraph();
        String text = source.values != null ? source.values : Files.readString(source.file);
        String where = source.values != null ? "--input" : source.file.toString();
        double[] x = parseNumbers(text, where);
        if (g.inputs().size() != 1) {
            throw new UsageException(onnx + ": the network has " + g.inputs().size() + " inputs; eval supports one");
        }
        int need = g.inputs().get(0).shape().size();
        if (x.length != need) {
            throw new UsageException(where + ": " + x.length + " values given, the network input "
                + g.inputs().get(0).shape() + " needs " + need);
        }
        double[] y = new Evaluator(g).evaluate(x);
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < y.length; i++) {
            out.println("Y_" + i + " " + y[i]);
        }
        return 0;
    }

    static double[] parseNumbers(String text, String where) {
        String[] parts = text.trim().split("[,\\s]+");
        if (parts.length == 1 && parts[0].isEmpty()) {
            throw new UsageException(where + ": no input values");
        }
        double[] x = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                x[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new UsageException(where + ": value " + (i + 1) + " '" + parts[i] + "' is not a number");
            }
            if (!Double.isFinite(x[i])) {
                throw new UsageException(where + ": value " + (i + 1) + " is " + parts[i] + "; inputs must be finite");
            }
        }
        return x;
    }
}
