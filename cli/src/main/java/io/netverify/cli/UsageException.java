package io.netverify.cli;

/** A bad option value or input file content found while running a command (exit code 2). */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
