package io.netverify.bounds.lipschitz.rules;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Window;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The window of a Conv or ConvTranspose node with explicit pads (auto_pad NOTSET or VALID), which its
 * adjoint (ConvTranspose or Conv) shares.
 */
record ConvGeometry(int[] kernel, int[] strides, int[] dilations, int[] pads, long group) {
    /** The node's geometry for kernel W, or an error naming the node where auto_pad derives the pads. */
    static ConvGeometry of(Node node, Tensor w) {
        Attributes a = node.attributes();
        String autoPad = a.getString("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw new IllegalArgumentException("Lipschitz bounds: " + node.describe() + " has auto_pad " + autoPad
                + "; only explicit pads are supported");
        }
        int spatial = w.shape().rank() - 2;
        int[] kernel = new int[spatial];
        for (int i = 0; i < spatial; i++) {
            kernel[i] = w.shape().dim(2 + i);
        }
        int[] pads = autoPad.equals("VALID") ? new int[2 * spatial] : Window.spatialInts(a, "pads", 2 * spatial, 0);
        return new ConvGeometry(kernel, Window.spatialInts(a, "strides", spatial, 1), Window.spatialInts(a, "dilations", spatial, 1),
            pads, a.getInt("group", 1));
    }

    int spatial() {
        return kernel.length;
    }

    /** The attributes of the adjoint node with this window. */
    Map<String, Object> attributes() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("kernel_shape", longs(kernel));
        t.put("strides", longs(strides));
        t.put("dilations", longs(dilations));
        t.put("pads", longs(pads));
        t.put("group", group);
        return t;
    }

    private static long[] longs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
