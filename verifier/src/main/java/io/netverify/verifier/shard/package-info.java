/**
 * Splitting a run over machines: {@link io.netverify.verifier.shard.Shard} partitions the work
 * deterministically and balanced by cost, {@link io.netverify.verifier.shard.ShardManifest} records
 * what a shard folder holds, and {@link io.netverify.verifier.shard.ShardSet} checks that a set of
 * shard folders is complete before they are merged.
 */
package io.netverify.verifier.shard;
