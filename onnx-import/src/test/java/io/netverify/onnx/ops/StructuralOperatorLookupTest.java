package io.netverify.onnx.ops;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructuralOperatorLookupTest {
    private static final String[] OPS = {
        "Conv", "ConvTranspose", "BatchNormalization", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
        "Flatten", "Reshape", "View", "Transpose", "Concat", "Slice", "Gather", "Split", "Squeeze", "Unsqueeze", "Pad",
        "Constant", "ConstantOfShape", "Shape", "Size", "Expand", "Tile", "Resize", "Upsample", "Range",
    };

    @Test
    void everyOperatorIsFoundUnderItsOpType() {
        for (String op : OPS) {
            assertTrue(Operators.isSupported(op), op + " not found");
        }
    }

    @Test
    void helpersAreNotOperators() {
        for (String helper : new String[] {"Window", "IndexCopy", "StaticInputs", "Interpolation"}) {
            assertFalse(Operators.isSupported(helper), helper);
        }
    }
}
