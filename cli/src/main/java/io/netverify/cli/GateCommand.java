package io.netverify.cli;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.gate.Gate;
import io.netverify.verifier.gate.GateConfig;
import io.netverify.verifier.gate.GateConfigParser;
import io.netverify.verifier.gate.GateReports;
import io.netverify.verifier.gate.GateResult;
import io.netverify.verifier.gate.SpecOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code verify gate}: a CI robustness gate from a YAML configuration. */
@Command(name = "gate", mixinStandardHelpOptions = true,
    description = {"Runs a CI robustness gate: certifies the configured data under each spec of the YAML configuration, "
        + "checks thresholds on certified accuracy, clean accuracy and unknown rate, and regressions against a baseline. "
        + "Writes JUnit XML, a JSON report, a Markdown summary and counterexample files (all atomically, also when the "
        + "gate fails). Decided outcomes are cached (by default in .netverify/cache beside the configuration).",
        "Exit codes: 0 every check passed, 1 a threshold or regression failed, 2 configuration, usage or input error, "
            + "3 the verifier itself failed."})
final class GateCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gate configuration (YAML).")
    Path config;

    @Option(names = "--update-baseline",
        description = "Write the baseline file named in the configuration from this run (regressions are not checked).")
    boolean updateBaseline;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GateConfig c = GateConfigParser.read(config);
        if (updateBaseline && c.baseline() == null) {
            throw new UsageException(config + ": --update-baseline needs a 'baseline' section naming the file");
        }
        GateResult result;
        try {
            result = new Gate(c, new Version().getVersion()[0], quiet ? line -> { } : err::println).run(updateBaseline);
        } catch (RuntimeException e) {
            if (InputErrors.isInputError(e)) {
                throw e;
            }
            // the verifier itself failed: still leave a report CI can show
            if (c.reports().junit() != null) {
                AtomicFiles.write(c.reports().junit(), GateReports.junitError(InputErrors.message(e)));
            }
            err.println("verify: internal error: " + InputErrors.message(e));
            if (spec.commandLine().getParseResult().originalArgs().contains("--debug")) {
                e.printStackTrace(err);
            }
            return GateResult.VERIFIER_FAILED;
        }
        GateReports.write(result, c.reports());
        for (SpecOutcome o : result.specs()) {
            out.printf("%s: %s%n", o.spec().name(), o.passed() ? "pass" : "FAIL");
            o.checks().forEach(ch -> out.printf("  %s %s: %s%n", ch.passed() ? "ok  " : "FAIL", ch.name(),
                ch.message().replace("\n", "\n      ")));
        }
        out.println(result.verifierFailed() ? "gate: the verifier failed (error rate above max_error_rate)"
            : result.passed() ? "gate: passed" : "gate: FAILED");
        if (updateBaseline) {
            out.println("baseline written to " + c.baseline().file());
        }
        return result.exitCode();
    }
}
