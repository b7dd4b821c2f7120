package dev.linprobe.features;

import ai.onnx.proto.OnnxMl;
import java.util.Random;

/**
 * A small float classifier built in code: a 1x1 convolution from 3 to C channels, ReLU, global
 * average pool, flatten and a dense layer of 5 classes. Its weights come from a fixed seed.
 */
final class TinyModel {
    private TinyModel() {}

    static float[] convWeights(int channels) {
        Random random = new Random(11);
        float[] w = new float[channels * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        return w;
    }

    static byte[] build(int channels, int size) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("tiny");
        graph.addInput(floatInput("image", size));
        graph.addInitializer(tensor("conv_w", new long[] {channels, 3, 1, 1}, convWeights(channels)));
        graph.addInitializer(tensor("dense_w", new long[] {channels, 5}, new float[channels * 5]));
        graph.addNode(node("Conv", "conv", "image", "conv_w").setOutput(0, "conv"));
        graph.addNode(node("Relu", "relu", "conv").setOutput(0, "relu"));
        graph.addNode(node("GlobalAveragePool", "pool", "relu").setOutput(0, "pooled"));
        graph.addNode(node("Flatten", "flat", "pooled").setOutput(0, "flat"));
        graph.addNode(node("MatMul", "dense", "flat", "dense_w").setOutput(0, "logits"));
        graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("logits").setType(floatType(-1, 5)));
        return model(graph);
    }

    static byte[] buildWithoutPool() {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("nopool");
        graph.addInput(floatInput("image", 8));
        graph.addNode(node("Relu", "relu", "image").setOutput(0, "relu"));
        graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("relu").setType(floatType(-1, 3, 8, 8)));
        return model(graph);
    }

    /** Computes the pooled features independently: mean over pixels of ReLU(conv(x)). */
    static float[] features(float[] pixels, int channels, int size) {
        float[] w = convWeights(channels);
        float[] out = new float[channels];
        int area = size * size;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int p = 0; p < area; p++) {
                double z = w[c * 3] * pixels[p] + w[c * 3 + 1] * pixels[area + p] + w[c * 3 + 2] * pixels[2 * area + p];
                sum += Math.max(0, z);
            }
            out[c] = (float) (sum / area);
        }
        return out;
    }

    private static byte[] model(OnnxMl.GraphProto.Builder graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(12))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static OnnxMl.NodeProto.Builder node(String op, String name, String... inputs) {
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addOutput("");
        for (String input : inputs) {
            node.addInput(input);
        }
        return node;
    }

    private static OnnxMl.ValueInfoProto floatInput(String name, int size) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(floatType(-1, 3, size, size)).build();
    }

    private static OnnxMl.TypeProto floatType(long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
    }

    private static OnnxMl.TensorProto tensor(String name, long[] dims, float[] values) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
                .setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (float value : values) {
            tensor.addFloatData(value);
        }
        return tensor.build();
    }
}
