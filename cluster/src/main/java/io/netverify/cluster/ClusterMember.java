package io.netverify.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.netverify.cli.ClusterSettings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Starts an embedded Hazelcast member of a netverify cluster. Members find each other over TCP with
 * the given member list (no multicast), listen only on the given interface (loopback by default),
 * and join under a cluster name derived from the name and the shared secret (an HMAC), so a member
 * without the secret has another cluster name and Hazelcast refuses its join.
 */
public final class ClusterMember {
    /** The executor that runs tasks on the workers. */
    public static final String EXECUTOR = "netverify-tasks";
    /** The member attribute that announces how many tasks a worker runs at once. */
    private static final String THREADS = "netverify.threads";
    /** The default port, as Hazelcast's. */
    static final int DEFAULT_PORT = 5701;

    private ClusterMember() {
    }

    /**
     * Starts a member and joins the cluster.
     *
     * @param lite    a lite member (the submitter): holds no data and takes no tasks
     * @param threads tasks a worker runs at once
     */
    public static HazelcastInstance start(ClusterSettings s, boolean lite, int threads) {
        Config config = new Config();
        config.setClusterName(clusterName(s.name(), s.secret()));
        config.setInstanceName("netverify-" + s.name() + "-" + System.nanoTime());
        config.setLiteMember(lite);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // a killed worker is noticed within seconds, and its task re-run elsewhere
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        String host = s.bind();
        int port = DEFAULT_PORT;
        boolean fixedPort = false;
        int colon = host.lastIndexOf(':');
        if (colon > 0) {
            port = Integer.parseInt(host.substring(colon + 1));
            host = host.substring(0, colon);
            fixedPort = true;
        }
        NetworkConfig net = config.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(!fixedPort);
        net.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(s.members());
        config.getExecutorConfig(EXECUTOR).setPoolSize(Math.max(1, threads));
        config.getMemberAttributeConfig().setAttribute(THREADS, Integer.toString(Math.max(1, threads)));
        return Hazelcast.newHazelcastInstance(config);
    }

    /** How many tasks a worker runs at once, as it announced (1 when it did not). */
    static int threads(Member m) {
        String t = m.getAttribute(THREADS);
        try {
            return t == null ? 1 : Math.max(1, Integer.parseInt(t));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The name members join under: the cluster's name and an HMAC of it keyed with the secret. */
    static String clusterName(String name, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] tag = mac.doFinal(("netverify-cluster:" + name).getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(tag, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256 in this JVM", e);
        }
    }
}
