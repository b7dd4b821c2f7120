package dev.linprobe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linprobe.pipeline.Layout;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BucketLayoutTest {

    private static final BucketLayout LAYOUT = BucketLayout.DEFAULT;

    @Test
    void datasetOfImage_imageKeys_returnDataset() {
        assertEquals(Optional.of("shoes"), LAYOUT.datasetOfImage("datasets/shoes/images/a.png"));
        assertEquals(Optional.of("shoes"), LAYOUT.datasetOfImage("datasets/shoes/images/2026/a.png"));
        assertEquals(Optional.of("night shift"), LAYOUT.datasetOfImage("datasets/night shift/images/a.png"));
    }

    @Test
    void datasetOfImage_otherKeys_empty() {
        String[] keys = {
            "datasets/shoes/images/",
            "datasets/shoes/labels.csv",
            "datasets/shoes/features/mobilenetv2-12-int8/shard-1.safetensors",
            "datasets/shoes/imagesextra/a.png",
            "datasets//images/a.png",
            "datasets/shoes",
            "batches/b1/a.png",
            "other/datasets/shoes/images/a.png",
        };

        for (String key : keys) {
            assertEquals(Optional.empty(), LAYOUT.datasetOfImage(key), key);
        }
    }

    @Test
    void batchOfMarker_markerKeys_returnBatch() {
        assertEquals(Optional.of("b1"), LAYOUT.batchOfMarker("batches/b1/_READY"));
        assertEquals(Optional.of("night shift"), LAYOUT.batchOfMarker("batches/night shift/_READY"));
        assertEquals(Optional.of("2026/12/04"), LAYOUT.batchOfMarker("batches/2026/12/04/_READY"));
    }

    @Test
    void batchOfMarker_otherKeys_empty() {
        String[] keys = {
            "batches/_READY",
            "batches//_READY",
            "batches/b1/a.png",
            "batches/b1/_READY.txt",
            "batches/b1/NOT_READY",
            "datasets/b1/_READY",
            "predictions/b1/_READY",
        };

        for (String key : keys) {
            assertEquals(Optional.empty(), LAYOUT.batchOfMarker(key), key);
        }
    }

    @Test
    void batchKeys_followLayout() {
        assertEquals("batches/b1/", LAYOUT.batchPrefix("b1"));
        assertEquals("predictions/b1.csv", LAYOUT.predictionsKey("b1"));
        assertEquals("datasets/<name>/images/", LAYOUT.imagesPattern());
    }

    @Test
    void dataset_name_buildsLayout() {
        Layout data = LAYOUT.dataset("shoes");

        assertEquals("datasets/shoes/images/", data.imagesPrefix());
        assertEquals("datasets/shoes/labels.csv", data.labelsKey());
        assertEquals("datasets/shoes/features/", data.featuresPrefix());
        assertEquals("datasets/shoes/features/mobilenetv2-12-int8/", data.featuresPrefixFor("mobilenetv2-12-int8"));
        assertEquals("datasets/shoes/runs/", data.runsPrefix());
    }

    @Test
    void dataset_invalidName_rejected() {
        for (String name : new String[] {null, "", " ", "a/b", "/"}) {
            assertThrows(IllegalArgumentException.class, () -> LAYOUT.dataset(name), String.valueOf(name));
        }
    }

    @Test
    void constructor_invalidFolders_rejected() {
        String[][] folders = {
            {"datasets", "images/"},
            {"/datasets/", "images/"},
            {"/", "images/"},
            {"datasets/", "images"},
            {null, "images/"},
        };
        for (String[] f : folders) {
            assertThrows(IllegalArgumentException.class, () -> new BucketLayout(f[0], f[1], "labels.csv", "features/", "runs/",
                    "batches/", "predictions/", "_READY"), f[0] + " " + f[1]);
        }
    }

    @Test
    void constructor_invalidNames_rejected() {
        for (String name : new String[] {null, "", " ", "dir/_READY"}) {
            assertThrows(IllegalArgumentException.class, () -> new BucketLayout("datasets/", "images/", "labels.csv",
                    "features/", "runs/", "batches/", "predictions/", name), String.valueOf(name));
            assertThrows(IllegalArgumentException.class, () -> new BucketLayout("datasets/", "images/", name,
                    "features/", "runs/", "batches/", "predictions/", "_READY"), String.valueOf(name));
        }
    }

    @Test
    void customLayout_usedByLookups() {
        BucketLayout custom = new BucketLayout("data/", "pictures/", "truth.csv", "vectors/", "models/", "inbox/",
                "out/", "DONE");

        assertEquals(Optional.of("cats"), custom.datasetOfImage("data/cats/pictures/a.jpg"));
        assertEquals(Optional.empty(), custom.datasetOfImage("datasets/cats/images/a.jpg"));
        assertEquals(Optional.of("b7"), custom.batchOfMarker("inbox/b7/DONE"));
        assertEquals(Optional.empty(), custom.batchOfMarker("batches/b7/_READY"));
        assertEquals("out/b7.csv", custom.predictionsKey("b7"));
        assertEquals("data/cats/truth.csv", custom.dataset("cats").labelsKey());
    }
}
