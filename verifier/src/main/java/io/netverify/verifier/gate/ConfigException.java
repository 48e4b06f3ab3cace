package io.netverify.verifier.gate;

/** A gate configuration that cannot be used: the message names the file, the line and the key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
