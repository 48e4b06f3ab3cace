package io.netverify.cli;

import java.util.List;

/**
 * How to reach a cluster.
 *
 * @param name    the cluster's name
 * @param members {@code host:port} of members to join
 * @param bind    the interface and port this process listens on ({@code host} or {@code host:port})
 * @param secret  the shared secret (from a file or the environment, never from the command line)
 * @param runId   names a submitted run; a submitter restarted with the same id resumes it
 */
public record ClusterSettings(String name, List<String> members, String bind, String secret, String runId) {
    @Override
    public String toString() {
        return "ClusterSettings[" + name + ", members " + members + ", bind " + bind + ", run " + runId + "]";
    }
}
