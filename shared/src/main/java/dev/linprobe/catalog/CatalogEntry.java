package dev.linprobe.catalog;

import dev.linprobe.image.PreprocessSpec;
import java.net.URI;

/**
 * One pretrained model of the catalog.
 *
 * @param name the name {@code --model} takes
 * @param description what the network is and where it comes from
 * @param url public download address
 * @param fileName the file's name in the model cache
 * @param sha256 lowercase hex SHA-256 of the file, or null when no published checksum is known
 * @param preprocess resize, crop, mean and std the network expects
 * @param featureLayer tensor to read features from, or null for the last global average pool
 * @param featureDimension length of the feature vector
 */
public record CatalogEntry(
        String name,
        String description,
        URI url,
        String fileName,
        String sha256,
        PreprocessSpec preprocess,
        String featureLayer,
        int featureDimension) {

    /** Checks the fields that downloads and extraction rely on. */
    public CatalogEntry {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("catalog entry needs a name");
        }
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("..")) {
            throw new IllegalArgumentException("catalog entry " + name + " needs a plain fileName, found " + fileName);
        }
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("catalog entry " + name + " has an invalid sha256 " + sha256);
        }
        if (featureDimension <= 0) {
            throw new IllegalArgumentException("catalog entry " + name + " needs a positive featureDimension");
        }
    }
}
