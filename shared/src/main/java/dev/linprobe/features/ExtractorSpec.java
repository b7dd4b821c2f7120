package dev.linprobe.features;

import dev.linprobe.image.PreprocessSpec;
import java.nio.file.Path;

/**
 * Everything needed to open a feature extractor.
 *
 * @param name catalog name, or the file name of a local model
 * @param modelFile the ONNX file
 * @param sha256 lowercase hex SHA-256 of {@code modelFile}
 * @param preprocess how images become the network's input
 * @param featureLayer tensor to read, or null for the last global average pool
 * @param expectedDimension the feature length the catalog promises, or 0 when unknown
 */
public record ExtractorSpec(
        String name, Path modelFile, String sha256, PreprocessSpec preprocess, String featureLayer, int expectedDimension) {}
