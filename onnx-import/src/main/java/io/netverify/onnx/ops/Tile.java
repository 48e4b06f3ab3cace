package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/** ONNX Tile: repeats the input repeats[a] times along each axis a. */
public final class Tile implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        int[][] maps = maps(inputs.get(0).shape(), StaticInputs.constants(node, inputs, constants));
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), shape(maps)));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        int[][] maps = maps(x.shape(), StaticInputs.values(inputs));
        return List.of(new Tensor(x.type(), shape(maps), IndexCopy.byAxisMaps(x.shape(), x.backingArray(), maps, 0)));
    }

    private static Shape shape(int[][] maps) {
        return Shape.of(Arrays.stream(maps).mapToInt(m -> m.length).toArray());
    }

    /** Output position o on axis a reads input position o mod d_a. */
    private static int[][] maps(Shape x, IntFunction<Tensor> input) {
        Tensor r = input.apply(1);
        if (r == null || r.size() != x.rank()) {
            throw new IllegalArgumentException("repeats must have one value per axis of " + x);
        }
        long[] repeats = r.toLongs();
        int[][] maps = new int[x.rank()][];
        for (int a = 0; a < maps.length; a++) {
            long n = repeats[a] * x.dim(a);
            if (repeats[a] < 0 || repeats[a] > Integer.MAX_VALUE || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid repeats " + Arrays.toString(repeats));
            }
            maps[a] = new int[(int) n];
            for (int o = 0; o < n; o++) {
                maps[a][o] = o % x.dim(a);
            }
        }
        return maps;
    }
}
