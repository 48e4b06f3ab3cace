package io.netverify.onnx;

/**
 * A problem with an input model: malformed bytes, an unsupported operator, bad shapes or weights.
 * The message is one line naming the file (when known), the node and what is wrong; control
 * characters (a node or tensor name in the file may hold line breaks) are escaped to keep it one line.
 */
public class ModelException extends RuntimeException {
    /**
     * A problem without an underlying cause.
     *
     * @param message what is wrong, naming the file and node where known
     */
    public ModelException(String message) {
        super(oneLine(message));
    }

    /**
     * A problem found through another exception (e.g. an I/O or protobuf error).
     *
     * @param message what is wrong, naming the file and node where known
     * @param cause   the underlying exception
     */
    public ModelException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        if (message == null || message.chars().noneMatch(ModelException::isControl)) {
            return message;
        }
        StringBuilder b = new StringBuilder(message.length() + 16);
        message.chars().forEach(c -> {
            if (isControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.append((char) c);
            }
        });
        return b.toString();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
