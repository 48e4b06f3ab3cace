package io.netverify.cli;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.certify.ResultCache;
import io.netverify.verifier.gate.Gate;
import io.netverify.verifier.gate.GateConfig;
import io.netverify.verifier.gate.GateConfigParser;
import io.netverify.verifier.gate.GateReports;
import io.netverify.verifier.gate.GateResult;
import io.netverify.verifier.gate.SpecOutcome;
import io.netverify.verifier.shard.Shard;
import io.netverify.verifier.shard.ShardManifest;
import io.netverify.verifier.shard.ShardPoints;
import io.netverify.verifier.shard.ShardSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Mixin
    QuietOption quiet;

    @Mixin
    ShardOption shard;

    @Option(names = "--out", paramLabel = "DIR", description = "The shard's folder (with --shard): the shard's point results "
        + "and manifest; thresholds and the baseline are checked and the reports written by 'verify merge'.")
    Path out;

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
        Shard part = shard.get();
        if ((part == null) != (this.out == null)) {
            throw new UsageException("--shard and --out go together: --out names the shard's folder");
        }
        Gate gate = new Gate(c, new Version().getVersion()[0], quiet.progress(err));
        GateResult result;
        try {
            if (part != null) {
                writeShard(gate, part);
                out.println("gate: shard " + part + " written to " + this.out + "; 'verify merge' checks the gate over all shards");
                return GateResult.PASSED;
            }
            result = gate.run(updateBaseline);
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
        return report(result, c, updateBaseline, out);
    }

    /** Runs the shard's points under every spec and writes them with the manifest. */
    private void writeShard(Gate gate, Shard part) throws IOException {
        long start = System.nanoTime();
        Gate.Part p = gate.measure(part);
        Files.createDirectories(this.out);
        Map<String, String> context = new LinkedHashMap<>();
        for (int k = 0; k < p.specs().size(); k++) {
            Gate.Measured m = p.specs().get(k);
            List<ShardPoints.Keyed> keyed = new ArrayList<>();
            for (int i = 0; i < m.keys().size(); i++) {
                keyed.add(new ShardPoints.Keyed(m.report().points().get(i), m.keys().get(i)));
            }
            ShardPoints.write(this.out.resolve(specFile(k)), keyed);
            context.put("hits." + k, Integer.toString(m.cacheHits()));
        }
        byte[] configBytes = Files.readAllBytes(config);
        context.put("config", config.toAbsolutePath().normalize().toString());
        context.put("config_sha256", ResultCache.sha256Hex(configBytes));
        context.put("update_baseline", Boolean.toString(updateBaseline));
        context.put("seconds", Double.toString((System.nanoTime() - start) / 1e9));
        String fingerprint = ResultCache.sha256Hex(configBytes, (updateBaseline + "\n" + String.join("\n", p.ids()))
            .getBytes(StandardCharsets.UTF_8));
        new ShardManifest("gate", fingerprint, part, p.ids().size(), p.positions(),
            p.positions().stream().map(p.ids()::get).toList(), context).write(this.out);
    }

    private static String specFile(int k) {
        return "spec-" + k + ".tsv";
    }

    /**
     * Checks the gate over merged shard folders and writes its reports. The configuration is read
     * again from where the shards read it and must be unchanged.
     */
    static int merge(ShardSet shards, PrintWriter out) throws IOException {
        Path config = Path.of(shards.first().get("config"));
        if (!Files.isRegularFile(config)) {
            throw new UsageException(config + ": the shards' gate configuration is not here (merge where the configuration is)");
        }
        if (!ResultCache.sha256Hex(Files.readAllBytes(config)).equals(shards.first().get("config_sha256"))) {
            throw new UsageException(config + ": changed since the shards ran; run the shards again");
        }
        GateConfig c = GateConfigParser.read(config);
        boolean updateBaseline = Boolean.parseBoolean(shards.first().get("update_baseline"));
        Gate gate = new Gate(c, new Version().getVersion()[0], line -> { });
        double seconds = 0;
        for (ShardManifest m : shards.manifests()) {
            seconds = Math.max(seconds, Double.parseDouble(m.get("seconds")));
        }
        List<Gate.Measured> measured = new ArrayList<>();
        for (int k = 0; k < c.specs().size(); k++) {
            GateConfig.Spec spec = c.specs().get(k);
            List<ShardPoints.Keyed> points = new ArrayList<>();
            int hits = 0;
            for (int s = 0; s < shards.dirs().size(); s++) {
                points.addAll(ShardPoints.read(shards.dirs().get(s).resolve(specFile(k))));
                hits += Integer.parseInt(shards.manifests().get(s).get("hits." + k));
            }
            ShardPoints.Merged merged = ShardPoints.merge(points, new double[] {gate.reportedEps(spec)}, seconds);
            measured.add(new Gate.Measured(spec, merged.report(), merged.keys(), hits));
        }
        return report(gate.check(measured, updateBaseline, seconds), c, updateBaseline, out);
    }

    /** Writes the reports, prints each spec's checks; returns the exit code. */
    private static int report(GateResult result, GateConfig c, boolean updateBaseline, PrintWriter out) throws IOException {
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
