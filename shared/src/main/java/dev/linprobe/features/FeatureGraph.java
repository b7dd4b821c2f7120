package dev.linprobe.features;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts an ONNX image classifier down to a feature extractor.
 *
 * <p>The feature layer is the tensor named in the catalog, or else the output of the network's last
 * global average pool ({@code GlobalAveragePool}, the int8 {@code QLinearGlobalAveragePool}, or a
 * {@code ReduceMean} over the spatial axes). When that tensor is quantized, a {@code DequantizeLinear}
 * with the producing node's output scale and zero point turns it back into float; a {@code Flatten}
 * then makes it [N, D]. Nodes, initializers and inputs that the new output does not need are removed,
 * so the classifier head never runs.
 */
public final class FeatureGraph {

    /** Name of the graph output the truncated model produces. */
    public static final String OUTPUT = "linprobe_features";

    private static final String DEQUANTIZED = "linprobe_features_dequantized";

    /**
     * Input positions of the output scale and zero point of the quantized operators (ONNX Runtime
     * contrib and standard QLinear operators) that can end a feature layer.
     */
    private static final Map<String, int[]> QUANTIZED_OUTPUT_PARAMETERS = Map.of(
            "QLinearGlobalAveragePool", new int[] {3, 4},
            "QLinearAveragePool", new int[] {3, 4},
            "QLinearConv", new int[] {6, 7},
            "QLinearAdd", new int[] {6, 7},
            "QLinearMul", new int[] {6, 7},
            "QLinearMatMul", new int[] {6, 7},
            "QuantizeLinear", new int[] {1, 2});

    private static final Set<String> POOLS = Set.of("GlobalAveragePool", "QLinearGlobalAveragePool");

    private FeatureGraph() {}

    /**
     * A truncated model.
     *
     * @param model serialized ONNX model whose only output is {@link #OUTPUT}, float32 [N, D]
     * @param inputName the image input, float32 [N, 3, H, W]
     * @param featureLayer the tensor the features come from, before dequantizing and flattening
     */
    public record Truncated(byte[] model, String inputName, String featureLayer) {}

    /**
     * Truncates a model at the given tensor, or at the last global average pool when {@code featureLayer} is null.
     *
     * @param source names the model in error messages
     * @throws IllegalArgumentException when the bytes are not an ONNX model or no feature layer is found
     */
    public static Truncated truncate(byte[] modelBytes, String featureLayer, String source) {
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(modelBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(source + " is not an ONNX model (" + e.getMessage() + ")", e);
        }
        OnnxMl.GraphProto graph = model.getGraph();
        if (graph.getNodeCount() == 0) {
            throw new IllegalArgumentException(source + " is not an ONNX model with a graph: no nodes found");
        }
        OnnxMl.NodeProto producer = featureLayer == null ? lastPool(graph, source) : producerOf(graph, featureLayer, source);
        String layer = featureLayer == null ? producer.getOutput(0) : featureLayer;

        OnnxMl.GraphProto.Builder builder = graph.toBuilder();
        String flattenInput = layer;
        int[] quantParameters = QUANTIZED_OUTPUT_PARAMETERS.get(producer.getOpType());
        if (quantParameters != null) {
            if (producer.getInputCount() <= quantParameters[1]) {
                throw new IllegalArgumentException(source + ": quantized node " + producer.getName() + " ("
                        + producer.getOpType() + ") lacks its output scale and zero point inputs");
            }
            builder.addNode(OnnxMl.NodeProto.newBuilder()
                    .setOpType("DequantizeLinear")
                    .setName("linprobe_dequantize")
                    .addInput(layer)
                    .addInput(producer.getInput(quantParameters[0]))
                    .addInput(producer.getInput(quantParameters[1]))
                    .addOutput(DEQUANTIZED));
            flattenInput = DEQUANTIZED;
        }
        builder.addNode(OnnxMl.NodeProto.newBuilder()
                .setOpType("Flatten")
                .setName("linprobe_flatten")
                .addInput(flattenInput)
                .addOutput(OUTPUT)
                .addAttribute(OnnxMl.AttributeProto.newBuilder()
                        .setName("axis")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT)
                        .setI(1)));
        prune(builder);
        builder.clearOutput().addOutput(featureOutput());

        List<String> imageInputs = imageInputs(builder.build());
        if (imageInputs.size() != 1) {
            throw new IllegalArgumentException(source + ": expected one image input, found " + imageInputs);
        }
        byte[] truncated = model.toBuilder().setGraph(builder).build().toByteArray();
        return new Truncated(truncated, imageInputs.get(0), layer);
    }

    private static OnnxMl.NodeProto lastPool(OnnxMl.GraphProto graph, String source) {
        OnnxMl.NodeProto found = null;
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (POOLS.contains(node.getOpType()) || isSpatialMean(node)) {
                found = node;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(source + ": no global average pool found (GlobalAveragePool, "
                    + "QLinearGlobalAveragePool or ReduceMean over axes 2 and 3): name the feature tensor with "
                    + "--feature-layer, or featureLayer in the catalog");
        }
        return found;
    }

    private static boolean isSpatialMean(OnnxMl.NodeProto node) {
        if (!node.getOpType().equals("ReduceMean")) {
            return false;
        }
        for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals("axes")) {
                return attribute.getIntsList().equals(List.of(2L, 3L));
            }
        }
        return false;
    }

    private static OnnxMl.NodeProto producerOf(OnnxMl.GraphProto graph, String tensor, String source) {
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (node.getOutputList().contains(tensor)) {
                return node;
            }
        }
        throw new IllegalArgumentException(source + ": no node produces the feature layer tensor '" + tensor
                + "': check the tensor name, for example with Netron, or leave it out to use the last global average pool");
    }

    /** Keeps only the nodes, initializers, inputs and value infos that the feature output depends on. */
    private static void prune(OnnxMl.GraphProto.Builder graph) {
        Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (String output : node.getOutputList()) {
                producers.put(output, node);
            }
        }

        Set<String> neededTensors = new HashSet<>();
        Set<OnnxMl.NodeProto> neededNodes = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(OUTPUT));
        while (!pending.isEmpty()) {
            String tensor = pending.pop();
            if (tensor.isEmpty() || !neededTensors.add(tensor)) {
                continue;
            }
            OnnxMl.NodeProto node = producers.get(tensor);
            if (node != null && neededNodes.add(node)) {
                pending.addAll(node.getInputList());
                // Subgraphs of control-flow nodes read outer tensors by name; keep them all.
                for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
                    if (attribute.hasG()) {
                        collectSubgraphInputs(attribute.getG(), pending);
                    }
                }
            }
        }

        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (neededNodes.contains(node)) {
                nodes.add(node);
            }
        }
        graph.clearNode().addAllNode(nodes);

        List<OnnxMl.TensorProto> initializers = graph.getInitializerList().stream()
                .filter(t -> neededTensors.contains(t.getName())).toList();
        graph.clearInitializer().addAllInitializer(initializers);
        List<OnnxMl.ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(v -> neededTensors.contains(v.getName())).toList();
        graph.clearInput().addAllInput(inputs);
        List<OnnxMl.ValueInfoProto> valueInfos = graph.getValueInfoList().stream()
                .filter(v -> neededTensors.contains(v.getName())).toList();
        graph.clearValueInfo().addAllValueInfo(valueInfos);
    }

    private static void collectSubgraphInputs(OnnxMl.GraphProto subgraph, Deque<String> pending) {
        for (OnnxMl.NodeProto node : subgraph.getNodeList()) {
            pending.addAll(node.getInputList());
        }
    }

    private static OnnxMl.ValueInfoProto featureOutput() {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("features"))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(OUTPUT)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
                .build();
    }

    /** Returns the graph inputs that are not initializers: what the caller must feed. */
    static List<String> imageInputs(OnnxMl.GraphProto graph) {
        Set<String> initializers = new HashSet<>();
        for (OnnxMl.TensorProto tensor : graph.getInitializerList()) {
            initializers.add(tensor.getName());
        }
        List<String> out = new ArrayList<>();
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            if (!initializers.contains(input.getName())) {
                out.add(input.getName());
            }
        }
        return out;
    }
}
