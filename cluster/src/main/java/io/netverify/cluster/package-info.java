/**
 * The optional cluster for {@code verify bench --cluster}: embedded Hazelcast members
 * ({@link io.netverify.cluster.ClusterMember}), {@code verify worker}
 * ({@link io.netverify.cluster.WorkerCommand}) and the submitting side
 * ({@link io.netverify.cluster.Submission}), plugged into the CLI with {@link java.util.ServiceLoader}
 * through {@link io.netverify.cluster.HazelcastBackend}.
 */
package io.netverify.cluster;
