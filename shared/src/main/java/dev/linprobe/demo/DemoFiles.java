package dev.linprobe.demo;

import java.nio.file.Path;

/**
 * Files of a demo data set that {@link DemoDataset#build} wrote.
 *
 * @param folder the output folder
 * @param trainFolder the folder of training PNGs
 * @param labelsCsv the labels of the training PNGs, with the header {@code id,Label}
 * @param trainCount the number of training PNGs
 * @param predictFolder the folder of PNGs to predict
 * @param predictTruthCsv the true labels of the PNGs to predict, with the header {@code id,Label}
 * @param predictCount the number of PNGs to predict
 */
public record DemoFiles(
        Path folder,
        Path trainFolder,
        Path labelsCsv,
        int trainCount,
        Path predictFolder,
        Path predictTruthCsv,
        int predictCount) {}
