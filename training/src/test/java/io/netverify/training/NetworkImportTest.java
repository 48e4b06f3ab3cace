package io.netverify.training;

import io.netverify.onnx.DataType;
import io.netverify.onnx.OnnxModel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A network exported to ONNX and imported back computes the same scores and bounds; unsupported operators are named. */
class NetworkImportTest {
    @Test
    void convolutionalNetworkRoundTrips() {
        Network net = Network.builder(Geometry.image(2, 6, 6), 3).conv(3, 3, 1, 1).relu().conv(4, 3, 2, 0).leakyRelu(0.25)
            .flatten().linear(5).tanh().linear(3).build();
        Network back = NetworkImport.fromGraph(OnnxModel.parse(net.toOnnx(DataType.DOUBLE), "cnn").toGraph());
        Random r = new Random(1);
        int n = 4;
        double[] x = TestNets.uniform(r, n * net.input().size(), 0, 1);
        int[] labels = TestNets.labels(r, n, 3);
        Box box = RobustLoss.box(x, 0.1, 0, 1);
        MarginBounds a = MarginBounds.compute(net, x, box, n, Spec.margins(labels, 3), true, true);
        MarginBounds b = MarginBounds.compute(back, x, box, n, Spec.margins(labels, 3), true, true);
        assertArrayEquals(a.scores(), b.scores(), 0);
        assertArrayEquals(a.ibp(), b.ibp(), 0);
        assertArrayEquals(a.crown(), b.crown(), 0);
    }

    @Test
    void batchNormalisationIsFoldedIntoTheLinearLayerOnImport() {
        Network net = Network.builder(Geometry.flat(4), 3).linear(4).batchNorm().relu().linear(2).build();
        net.training(true);
        net.scores(TestNets.uniform(new Random(2), 40, 0, 1), 10);
        net.training(false);
        Network back = NetworkImport.fromGraph(OnnxModel.parse(net.toOnnx(DataType.DOUBLE), "bn").toGraph());
        double[] x = TestNets.uniform(new Random(3), 12, 0, 1);
        assertArrayEquals(net.scores(x, 3), back.scores(x, 3), 1e-12);
    }

    @Test
    void unsupportedOperatorIsNamed() {
        Network net = Network.builder(Geometry.image(1, 4, 4), 3).conv(2, 3, 1, 1).maxPool(2, 2).flatten().linear(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> NetworkImport.fromGraph(OnnxModel.parse(net.toOnnx(DataType.DOUBLE), "leaky").toGraph()));
        assertTrue(e.getMessage().contains("not supported by the training import"), e.getMessage());
    }
}
