package dev.linprobe.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code linprobe run}: the main job on local folders. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains a classifier on labelled images and classifies new ones.",
            "",
            "Extracts features of the labelled images with a pretrained CNN, trains a softmax classifier on them, "
                    + "and classifies the new images. Writes model.safetensors, metrics.json, learning-curves.png, "
                    + "learning-curves.svg, training.log and predictions.csv (id,Label) to the output folder."
        })
public class RunCommand implements Callable<Integer> {

    @Option(names = "--train-images", paramLabel = "DIR", required = true,
            description = "Folder of labelled images (.jpg, .jpeg, .png, .bmp, .gif; subfolders included). The id of an image is its file name without extension.")
    Path trainImages;

    @Option(names = "--labels", paramLabel = "FILE", required = true,
            description = "CSV with the header id,Label: one row per labelled image.")
    Path labels;

    @Option(names = "--predict-images", paramLabel = "DIR", required = true, description = "Folder of images to classify.")
    Path predictImages;

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "Folder for the outputs; created if missing.")
    Path output;

    @Mixin
    RunOptions run;

    @Mixin
    ModelOptions model;

    @Mixin
    TrainerOptions trainer;

    @Mixin
    StorageOptions storage;

    @Override
    public Integer call() {
        run.applyLogging();
        Runner.run(trainImages, labels, predictImages, output, model, trainer, storage, run.csvOptions(), System.out);
        return 0;
    }
}
