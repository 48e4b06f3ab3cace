package io.netverify.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.netverify.cli.ClusterOption;
import io.netverify.cli.ClusterSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code verify worker}: joins a cluster and decides the tasks submitted to it until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Joins a netverify cluster (embedded Hazelcast) and takes the work that 'verify bench --cluster' (instances), "
        + "'verify certify --cluster' (chunks of points) and 'verify run --cluster' (branch-and-bound domains) submit, until "
        + "stopped (Ctrl-C or SIGTERM). Networks, properties and data are read from the paths the submitter gives, so "
        + "workers need the same files at the same paths (a shared or copied folder). The shared secret "
        + "comes from --secret-file or $" + ClusterOption.SECRET_ENV + "; a member without it cannot join."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    ClusterOption cluster;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
        description = "Tasks decided at once (default: ${DEFAULT-VALUE}; the verifier uses the cores itself).")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClusterSettings s = cluster.settings(() -> "-");
        if (s == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "verify worker needs --cluster NAME");
        }
        HazelcastInstance member = ClusterMember.start(s, false, threads);
        CountDownLatch stopped = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(member::shutdown));
        spec.commandLine().getErr().printf("worker of cluster %s at %s; %d member(s)%n", s.name(),
            member.getCluster().getLocalMember().getAddress(), member.getCluster().getMembers().size());
        spec.commandLine().getErr().flush();
        stopped.await();
        return 0;
    }
}
