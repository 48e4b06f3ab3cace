package io.netverify.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime as an independent reference for tests: evaluates a model on one flat input.
 *
 * <p>The flat input is split over the model's inputs in declaration order; each input gets its
 * declared element type (float32 or float64) and shape, with symbolic dimensions set to 1. The
 * outputs come back flattened and concatenated in graph-output order, widened to double.
 * Modules using this test-jar class must declare onnxruntime as a test dependency themselves.
 */
public final class OnnxRuntimeOracle implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<String> inputNames = new ArrayList<>();
    private final List<OnnxJavaType> inputTypes = new ArrayList<>();
    private final List<long[]> declaredShapes = new ArrayList<>();
    private final List<long[]> feedShapes = new ArrayList<>();
    private final int inputSize;

    private OnnxRuntimeOracle(byte[] model, String source) {
        env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // A reference should run the graph as written, and the test machine has two cores.
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalStateException("onnxruntime cannot load " + source + ": " + e.getMessage(), e);
        }
        int total = 0;
        try {
            for (Map.Entry<String, NodeInfo> in : session.getInputInfo().entrySet()) {
                if (!(in.getValue().getInfo() instanceof TensorInfo info)
                    || (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.DOUBLE)) {
                    close();
                    throw new IllegalStateException(source + ": input '" + in.getKey() + "' is "
                        + in.getValue().getInfo() + ", only float32 and float64 tensors are supported");
                }
                long[] feed = info.getShape().clone();
                long size = 1;
                for (int i = 0; i < feed.length; i++) {
                    feed[i] = feed[i] < 0 ? 1 : feed[i];
                    size *= feed[i];
                }
                inputNames.add(in.getKey());
                inputTypes.add(info.type);
                declaredShapes.add(info.getShape());
                feedShapes.add(feed);
                total = Math.toIntExact(total + size);
            }
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("onnxruntime: " + source + ": " + e.getMessage(), e);
        }
        inputSize = total;
    }

    public static OnnxRuntimeOracle load(byte[] model) {
        return new OnnxRuntimeOracle(model, "model bytes");
    }

    public static OnnxRuntimeOracle load(Path onnx) {
        try {
            return new OnnxRuntimeOracle(Files.readAllBytes(onnx), onnx.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The declared shape of each input, -1 marking a symbolic dimension. */
    public List<long[]> inputShapes() {
        return declaredShapes.stream().map(long[]::clone).toList();
    }

    /** Number of values {@link #evaluate} takes (symbolic dimensions counted as 1). */
    public int inputSize() {
        return inputSize;
    }

    /** Runs the model; float32 inputs receive the values rounded to float. */
    public double[] evaluate(double[] input) {
        if (input.length != inputSize) {
            throw new IllegalArgumentException("input has " + input.length + " values, the model's inputs take " + inputSize);
        }
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            int offset = 0;
            for (int i = 0; i < inputNames.size(); i++) {
                long[] shape = feedShapes.get(i);
                int n = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
                feeds.put(inputNames.get(i), tensor(inputTypes.get(i), Arrays.copyOfRange(input, offset, offset + n), shape));
                offset += n;
            }
            try (OrtSession.Result result = session.run(feeds)) {
                return flatten(result);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("onnxruntime run failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** Runs the model on float values (exact for float32 models). */
    public double[] evaluate(float[] input) {
        double[] d = new double[input.length];
        for (int i = 0; i < input.length; i++) {
            d[i] = input[i];
        }
        return evaluate(d);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("onnxruntime: closing the session failed: " + e.getMessage(), e);
        }
    }

    private OnnxTensor tensor(OnnxJavaType type, double[] values, long[] shape) throws OrtException {
        if (type == OnnxJavaType.DOUBLE) {
            return OnnxTensor.createTensor(env, DoubleBuffer.wrap(values), shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
    }

    private static double[] flatten(OrtSession.Result result) throws OrtException {
        List<double[]> parts = new ArrayList<>();
        for (Map.Entry<String, OnnxValue> out : result) {
            if (!(out.getValue() instanceof OnnxTensor t)) {
                throw new IllegalStateException("output '" + out.getKey() + "' is not a tensor");
            }
            parts.add(switch (t.getInfo().type) {
                case FLOAT -> {
                    FloatBuffer b = t.getFloatBuffer();
                    double[] d = new double[b.remaining()];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = b.get(i);
                    }
                    yield d;
                }
                case DOUBLE -> {
                    DoubleBuffer b = t.getDoubleBuffer();
                    double[] d = new double[b.remaining()];
                    b.get(d);
                    yield d;
                }
                case INT64 -> {
                    LongBuffer b = t.getLongBuffer();
                    double[] d = new double[b.remaining()];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = b.get(i);
                    }
                    yield d;
                }
                default -> throw new IllegalStateException("output '" + out.getKey() + "' has unsupported element type " + t.getInfo().type);
            });
        }
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
