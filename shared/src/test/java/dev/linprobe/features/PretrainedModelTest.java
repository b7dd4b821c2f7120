package dev.linprobe.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.linprobe.catalog.CatalogEntry;
import dev.linprobe.catalog.ModelCatalog;
import dev.linprobe.image.ImageDecoder;
import dev.linprobe.image.Preprocessor;
import dev.linprobe.testing.TestData;
import dev.linprobe.testing.TestModels;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Checks decoding and preprocessing end to end through the full pretrained classifier. */
class PretrainedModelTest {

    /**
     * Minimum lead of espresso (967) over the runner-up, in logits. Correct preprocessing variants
     * (Pillow BILINEAR, BICUBIC, LANCZOS, BOX and NEAREST, float or 8-bit resizes, with or without
     * antialiasing) lead by 4.8 to 7.1 with ONNX Runtime 1.23.2 on an AVX512-VNNI CPU, and ours by
     * 7.05. Swapped or rotated channels, grayscale input and missing mean or std lead by at most 2.6.
     */
    private static final float MIN_ESPRESSO_MARGIN = 4.0f;

    @Test
    void mobileNet_coffeePhoto_ranksEspressoFirst() throws Exception {
        CatalogEntry entry = ModelCatalog.load().entry("mobilenetv2-12-int8");
        Path model = TestModels.cache().resolve(entry);
        Path photo = TestData.require("skimage/coffee.png");
        Preprocessor preprocessor = new Preprocessor(entry.preprocess());
        FloatBuffer input = FeatureExtractor.allocate(preprocessor.floatsPerImage());
        preprocessor.preprocess(new ImageDecoder().decode(Files.readAllBytes(photo), photo.toString()), input, 0);

        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        float[] logits;
        try (OrtSession session = environment.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor tensor = OnnxTensor.createTensor(environment, input, new long[] {1, 3, 224, 224});
                OrtSession.Result result = session.run(Map.of("input", tensor))) {
            logits = ((float[][]) result.get(0).getValue())[0];
        }

        assertEquals(1000, logits.length);
        List<Integer> ranking = IntStream.range(0, logits.length).boxed()
                .sorted((a, b) -> Float.compare(logits[b], logits[a]))
                .toList();
        int first = ranking.get(0);
        int second = ranking.get(1);
        String top5 = ranking.subList(0, 5).stream()
                .map(k -> String.format("%d (%.2f)", k, logits[k]))
                .collect(Collectors.joining(", "));
        assertEquals(967, first, "ImageNet class 967 (espresso) must rank first; top 5: " + top5);
        assertTrue(logits[967] - logits[second] >= MIN_ESPRESSO_MARGIN,
                "espresso must lead the runner-up by at least " + MIN_ESPRESSO_MARGIN
                        + " logits, as it does when channels and normalisation are right; top 5: " + top5);
        // NOTE: cup (968) and consomme (925) are one output quantization step (about 0.16) apart,
        // so their order flips with 1-level changes in a few resized pixels and is not asserted.
        assertTrue(ranking.subList(0, 5).contains(968), "ImageNet class 968 (cup) must be in the top 5: " + top5);
    }
}
