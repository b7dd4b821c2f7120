package dev.linprobe.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks decoding and preprocessing end to end through the full pretrained classifier. */
class PretrainedModelTest {

    @Test
    void mobileNet_coffeePhoto_ranksEspressoThenCup() throws Exception {
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

        int first = 0;
        for (int k = 1; k < logits.length; k++) {
            if (logits[k] > logits[first]) {
                first = k;
            }
        }
        int second = first == 0 ? 1 : 0;
        for (int k = 0; k < logits.length; k++) {
            if (k != first && logits[k] > logits[second]) {
                second = k;
            }
        }
        System.out.printf("top: %d %.4f, %d %.4f, 968 %.4f%n", first, logits[first], second, logits[second], logits[968]);
        assertEquals(1000, logits.length);
        assertEquals(967, first, "ImageNet class 967 is espresso");
        assertEquals(968, second, "ImageNet class 968 is cup");
    }
}
