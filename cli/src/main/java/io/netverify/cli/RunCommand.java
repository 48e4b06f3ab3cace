package io.netverify.cli;

import io.netverify.verifier.BranchingExecutor;
import io.netverify.verifier.BranchingMode;
import io.netverify.verifier.ResultFile;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code verify run}: decides one VNN-COMP instance. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Decides whether the network satisfies a VNN-LIB property.",
        "Prints the verdict (sat = a counterexample exists, unsat = the property holds, unknown, timeout) and writes the "
            + "VNN-COMP result file when --result is given. Every counterexample is re-checked by exact evaluation before "
            + "it is reported. Networks and properties may be gzipped.",
        "Methods: interval bounds, a quick attack (sampling, corner search, PGD; straight-through gradients on Sign "
            + "networks), a proof by bound propagation (CROWN, alpha-CROWN), then branch and bound on what is left (on "
            + "inputs for networks with few inputs, else on activations with beta-CROWN; --branching overrides the "
            + "choice); longer attacks only where the quick one came near a violation, where gradients vanish (binarised "
            + "networks), or after an undecided proof.",
        "With --cluster, branch and bound's domains are bounded on the cluster's workers ('verify worker'); the search "
            + "stays here."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    InstanceFiles files;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "60",
        description = "Wall-clock budget in seconds, loading included (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--result", paramLabel = "FILE", description = "Write the VNN-COMP result file here (atomically).")
    Path result;

    @Mixin
    SeedOption seed;

    @Option(names = "--branching", paramLabel = "MODE", defaultValue = "auto",
        description = "How branch and bound splits: auto (input splitting for networks with at most "
            + BranchingMode.MAX_INPUT_SPLIT_DIMENSIONS + " inputs, else activation splitting), input, activation, or "
            + "input-lp (input splitting with an LP on every box bounds leave open: for tiny ReLU networks) "
            + "(default: ${DEFAULT-VALUE}).")
    String branching;

    @Mixin
    QuietOption quiet;

    @Mixin
    ClusterOption cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!(timeout > 0) || Double.isInfinite(timeout)) {
            throw new UsageException("--timeout must be a positive number of seconds, got " + timeout);
        }
        BranchingMode mode = branchingMode();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VerificationResult r;
        ClusterSettings onCluster = cluster.settings(() -> UUID.randomUUID().toString());
        try (ClusterBranching where = onCluster == null ? null : ClusterOption.backend().branching(onCluster, files.onnx.toString())) {
            r = new Instance(files.onnx, files.vnnlib, timeout).verify(seed.seed, quiet.progress(err), mode,
                where == null ? BranchingExecutor.LOCAL : where);
            if (where != null && !quiet.quiet) {
                where.summary().forEach(err::println);
            }
        } catch (RuntimeException e) {
            if (result != null && InputErrors.isInputError(e)) {
                ResultFile.write(result, VerificationResult.of(Verdict.ERROR, e.getMessage(), 0));
            }
            throw e;
        }
        if (result != null) {
            ResultFile.write(result, r);
        }
        out.println(r.verdict().word());
        if (!quiet.quiet) {
            err.printf("%s (%.2f s)%n", r.detail(), r.seconds());
        }
        return 0;
    }

    private BranchingMode branchingMode() {
        BranchingMode m = BranchingMode.named(branching);
        if (m == null) {
            throw new UsageException("--branching must be auto, input, input-lp or activation, got '" + branching + "'");
        }
        return m;
    }
}
