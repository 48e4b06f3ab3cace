package io.netverify.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/** {@code --cluster NAME --members ...}: where a cluster is and how to prove membership. */
public final class ClusterOption {
    /** The environment variable read for the shared secret when there is no --secret-file. */
    public static final String SECRET_ENV = "NETVERIFY_CLUSTER_SECRET";

    @Option(names = "--cluster", paramLabel = "NAME", description = "Run on the cluster of this name (needs the "
        + "netverify-cluster module on the class path).")
    String name;

    @Option(names = "--members", paramLabel = "HOST:PORT,...", split = ",",
        description = "Cluster members to join (default: 127.0.0.1:5701).")
    List<String> members;

    @Option(names = "--bind", paramLabel = "HOST[:PORT]", defaultValue = "127.0.0.1",
        description = "The interface (and port) this process listens on (default: ${DEFAULT-VALUE}, loopback only).")
    String bind;

    @Option(names = "--secret-file", paramLabel = "FILE", description = "The cluster's shared secret (first line); "
        + "default: the environment variable " + SECRET_ENV + ". Never given on the command line.")
    Path secretFile;

    @Option(names = "--run-id", paramLabel = "ID", description = "Names the submitted run; a submitter restarted with the "
        + "same id collects the results already in and submits only the rest (default: for certify a hash of the model, data and settings, so the same command resumes; otherwise a new random id, which bench prints at the start).")
    String runId;

    /**
     * The settings, or null when no --cluster was given; a missing secret is a {@link UsageException}.
     * {@code defaultRunId} is asked only with --cluster and no --run-id (a random id would otherwise cost
     * every run the secure random generator's start-up).
     */
    public ClusterSettings settings(Supplier<String> defaultRunId) throws IOException {
        if (name == null) {
            return null;
        }
        backend(); // say first that the module is missing, if it is
        String secret;
        if (secretFile != null) {
            try {
                secret = Files.readAllLines(secretFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            } catch (NoSuchFileException e) {
                throw new UsageException(secretFile + ": no such file (the cluster secret)");
            }
        } else {
            secret = System.getenv(SECRET_ENV) == null ? "" : System.getenv(SECRET_ENV).strip();
        }
        if (secret.length() < 8) {
            throw new UsageException("--cluster needs a shared secret of at least 8 characters in --secret-file or $" + SECRET_ENV);
        }
        return new ClusterSettings(name, members == null ? List.of("127.0.0.1:5701") : members.stream().map(String::strip).toList(),
            bind, secret, runId != null ? runId : defaultRunId.get());
    }

    /** The cluster engine on the class path; a {@link UsageException} when there is none. */
    static ClusterBackend backend() {
        return ServiceLoader.load(ClusterBackend.class).findFirst().orElseThrow(() -> new UsageException(
            "--cluster needs the netverify-cluster module on the class path (see README, 'Running on many machines')"));
    }
}
