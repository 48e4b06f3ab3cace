package io.netverify.cli;

import io.netverify.verifier.shard.ShardSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code verify merge}: combines the shard folders of a {@code --shard} run into the outputs of a single run. */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = {"Combines the folders written by 'verify bench|certify|gate --shard i/N' into the outputs a single run "
        + "writes: for bench results/, results.csv, summary.md/.csv and cactus.svg; for certify report.json, points.csv and "
        + "counterexamples/; for gate the configured reports (JUnit XML, JSON, Markdown, counterexamples) with the "
        + "thresholds and the baseline checked over all points. Refuses folders of different runs or configurations, "
        + "and overlapping or missing shards.",
        "Exit codes: as the merged command's (bench 3 on a wrong answer; gate 0 pass, 1 fail, 3 verifier failed), "
            + "2 when the folders cannot be merged."})
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The shard folders, one per shard, in any order.")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the merged outputs of bench and certify go "
        + "(default: merged). A gate writes where its configuration says.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ShardSet shards = ShardSet.read(dirs);
        Path target = out != null ? out : Path.of("merged");
        return switch (shards.first().command()) {
            case "bench" -> BenchReport.merge(shards, target, stdout, err);
            case "certify" -> CertifyCommand.merge(shards, target, stdout);
            case "gate" -> GateCommand.merge(shards, stdout);
            default -> throw new UsageException(dirs.get(0) + ": a shard of 'verify " + shards.first().command()
                + "', which merge does not know");
        };
    }
}
