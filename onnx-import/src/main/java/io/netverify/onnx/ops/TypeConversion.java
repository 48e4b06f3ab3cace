package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;

/**
 * The value an ONNX element type holds for a real number, as Cast defines it: floating types round
 * to nearest (ties to even), integer types truncate toward zero and wrap around like C++ integer
 * conversion, BOOL is {@code x != 0}.
 */
final class TypeConversion {
    private TypeConversion() {
    }

    static double convert(DataType type, double v) {
        return switch (type) {
            case DOUBLE -> v;
            case FLOAT -> (float) v;
            case FLOAT16 -> roundToFloat(v, 11, -14, 15);
            case BFLOAT16 -> roundToFloat(v, 8, -126, 127);
            case BOOL -> v != 0 ? 1 : 0;
            case INT8 -> toInteger(v, 8, true);
            case UINT8 -> toInteger(v, 8, false);
            case INT16 -> toInteger(v, 16, true);
            case UINT16 -> toInteger(v, 16, false);
            case INT32 -> toInteger(v, 32, true);
            case UINT32 -> toInteger(v, 32, false);
            case INT64 -> toInteger(v, 64, true);
            case UINT64 -> toInteger(v, 64, false);
            default -> throw new IllegalArgumentException("cannot convert numbers to " + type);
        };
    }

    /**
     * Arithmetic results as the integer arithmetic of ONNX runtimes gives them: when {@code type}
     * is an integer type, truncated and wrapped in place. Returns {@code values}.
     */
    static double[] integerResults(DataType type, double[] values) {
        if (!type.isFloating() && type != DataType.BOOL) {
            for (int i = 0; i < values.length; i++) {
                values[i] = convert(type, values[i]);
            }
        }
        return values;
    }

    /**
     * Rounds to the nearest binary floating-point number with {@code precision} significand bits
     * (implicit bit included) and exponents {@code minExponent..maxExponent} (subnormals below).
     */
    static double roundToFloat(double v, int precision, int minExponent, int maxExponent) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        int exponent = Math.max(Math.getExponent(v), minExponent);
        double quantum = Math.scalb(1.0, exponent - (precision - 1));
        // Division by a power of two is exact; rint rounds half to even.
        double r = Math.rint(v / quantum) * quantum;
        return Math.abs(r) >= Math.scalb(1.0, maxExponent + 1) ? Math.copySign(Double.POSITIVE_INFINITY, v) : r;
    }

    /** Truncates toward zero and wraps into the range of a {@code bits}-bit integer; NaN and infinities give 0. */
    private static double toInteger(double v, int bits, boolean signed) {
        if (!Double.isFinite(v)) {
            return 0;
        }
        double t = v < 0 ? Math.ceil(v) : Math.floor(v);
        double modulus = Math.scalb(1.0, bits);
        double low = signed ? -modulus / 2 : 0;
        if (t >= low && t < low + modulus) {
            return t;
        }
        // Out of range (undefined for float sources in ONNX): wrap like integer conversion.
        double r = t - modulus * Math.floor(t / modulus);
        return signed && r >= modulus / 2 ? r - modulus : r;
    }
}
