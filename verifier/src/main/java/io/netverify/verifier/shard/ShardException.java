package io.netverify.verifier.shard;

/** A bad {@code --shard} value or a set of shard folders that cannot be merged (exit code 2). */
public final class ShardException extends RuntimeException {
    public ShardException(String message) {
        super(message);
    }
}
