package dev.linprobe.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.linprobe.catalog.CatalogEntry;
import dev.linprobe.catalog.ModelCache;
import dev.linprobe.catalog.ModelCatalog;
import dev.linprobe.image.PreprocessSpec;
import dev.linprobe.testing.TestModels;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureGraphTest {

    @TempDir
    Path temp;

    @Test
    void truncate_int8MobileNet_findsQuantizedPool() throws Exception {
        ModelCatalog catalog = ModelCatalog.load();
        CatalogEntry entry = catalog.entry("mobilenetv2-12-int8");
        Path file = TestModels.cache().resolve(entry);

        FeatureGraph.Truncated truncated = FeatureGraph.truncate(Files.readAllBytes(file), null, file.toString());

        assertEquals("464_quantized", truncated.featureLayer());
        assertEquals("input", truncated.inputName());
        OnnxMl.GraphProto graph = OnnxMl.ModelProto.parseFrom(truncated.model()).getGraph();
        assertTrue(graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals("DequantizeLinear")
                && n.getInput(0).equals("464_quantized")));
        assertFalse(graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals("QLinearMatMul")),
                "the classifier head must be pruned");
        assertEquals(FeatureGraph.OUTPUT, graph.getOutput(0).getName());
    }

    @Test
    void open_int8MobileNet_gives1280Features() {
        CatalogEntry entry = ModelCatalog.load().entry("mobilenetv2-12-int8");
        ModelCache cache = TestModels.cache();
        ExtractorSpec spec = new ExtractorSpec(entry.name(), cache.resolve(entry), entry.sha256(), entry.preprocess(), null, 1280);

        try (FeatureExtractor extractor = FeatureExtractor.open(spec, ExecutionDevice.CPU)) {
            FloatBuffer batch = FeatureExtractor.allocate(2 * 3 * 224 * 224);
            Random random = new Random(1);
            for (int i = 0; i < batch.capacity(); i++) {
                batch.put(i, (float) random.nextGaussian());
            }
            float[] features = extractor.run(batch, 2);

            assertEquals(1280, extractor.info().dimension());
            assertEquals(2 * 1280, features.length);
            for (float value : features) {
                assertTrue(value >= 0, "pooled ReLU6 features are non-negative, found " + value);
                assertTrue(Float.isFinite(value), "features must be finite, found " + value);
            }
            assertTrue(java.util.stream.IntStream.range(0, 1280).anyMatch(j -> features[j] != features[1280 + j]),
                    "different images must give different features");
        }
    }

    @Test
    void open_cudaRequestedWithoutGpu_fallsBackToCpu() {
        CatalogEntry entry = ModelCatalog.load().entry("mobilenetv2-12-int8");
        ExtractorSpec spec = new ExtractorSpec(entry.name(), TestModels.cache().resolve(entry), entry.sha256(),
                entry.preprocess(), null, 1280);

        try (FeatureExtractor extractor = FeatureExtractor.open(spec, ExecutionDevice.parse("cuda:0"))) {
            assertFalse(extractor.usingCuda());
            assertEquals(1280, extractor.run(FeatureExtractor.allocate(3 * 224 * 224), 1).length);
        }
    }

    @Test
    void truncate_smallFloatModel_readsGlobalAveragePool() throws Exception {
        Path file = temp.resolve("tiny.onnx");
        Files.write(file, TinyModel.build(4, 8));
        ExtractorSpec spec = new ExtractorSpec("tiny", file, ModelCache.sha256(file), new PreprocessSpec(8, 8,
                PreprocessSpec.IMAGENET_MEAN, PreprocessSpec.IMAGENET_STD), null, 4);

        try (FeatureExtractor extractor = FeatureExtractor.open(spec, ExecutionDevice.CPU)) {
            FloatBuffer image = FeatureExtractor.allocate(3 * 8 * 8);
            Random random = new Random(3);
            float[] pixels = new float[3 * 8 * 8];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextGaussian();
                image.put(i, pixels[i]);
            }
            float[] features = extractor.run(image, 1);

            assertEquals("pooled", extractor.info().featureLayer());
            float[] expected = TinyModel.features(pixels, 4, 8);
            assertEquals(4, features.length);
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[c], features[c], 1e-5, "channel " + c);
            }
        }
    }

    @Test
    void truncate_namedLayer_usesThatTensor() throws Exception {
        FeatureGraph.Truncated truncated = FeatureGraph.truncate(TinyModel.build(4, 8), "relu", "tiny");

        assertEquals("relu", truncated.featureLayer());
        OnnxMl.GraphProto graph = OnnxMl.ModelProto.parseFrom(truncated.model()).getGraph();
        assertFalse(graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals("GlobalAveragePool")));
    }

    @Test
    void truncate_unknownLayer_namesIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FeatureGraph.truncate(TinyModel.build(4, 8), "nope", "tiny.onnx"));

        assertTrue(error.getMessage().contains("'nope'"), error.getMessage());
    }

    @Test
    void truncate_noPool_explainsWhatToDo() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FeatureGraph.truncate(TinyModel.buildWithoutPool(), null, "nopool.onnx"));

        assertTrue(error.getMessage().contains("--feature-layer"), error.getMessage());
    }

    @Test
    void truncate_notOnnx_rejected() {
        assertThrows(IllegalArgumentException.class,
                () -> FeatureGraph.truncate("hello, not a model".getBytes(), null, "x.onnx"));
    }
}
