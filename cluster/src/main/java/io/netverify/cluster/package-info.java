/**
 * The optional cluster for {@code verify bench|certify|run --cluster}: embedded Hazelcast members
 * ({@link io.netverify.cluster.ClusterMember}), {@code verify worker}
 * ({@link io.netverify.cluster.WorkerCommand}), the submitting side of independent tasks
 * ({@link io.netverify.cluster.Submission}: instances, chunks of points) and of one instance's branch
 * and bound ({@link io.netverify.cluster.HazelcastBranching}: domains bounded on the workers, the
 * search on the submitter), plugged into the CLI with {@link java.util.ServiceLoader} through
 * {@link io.netverify.cluster.HazelcastBackend}.
 */
package io.netverify.cluster;
