package dev.linprobe.cli;

import dev.linprobe.features.ExtractorSpec;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.pipeline.LocalRun;
import dev.linprobe.report.PredictionsCsv;
import dev.linprobe.train.SoftmaxTrainerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Runs the main job for the run and demo commands. */
final class Runner {
    private Runner() {}

    static LocalRun.Summary run(Path trainImages, Path labels, Path predictImages, Path output, ModelOptions model,
            TrainerOptions trainer, StorageOptions storage, PredictionsCsv.Options csv, PrintStream out) {
        LocalRun.checkInputs(trainImages, labels, predictImages);
        SoftmaxTrainerConfig config = trainer.config();
        List<String> validationIds = trainer.validationIdList();
        int batchSize = model.batchSize();
        ExtractorSpec spec = model.resolve();
        try (StorageOptions.Opened opened = storage.open();
                FeatureExtractor extractor = FeatureExtractor.open(spec, model.executionDevice())) {
            out.println("Storage: " + opened.description + ", bucket " + storage.bucket);
            out.println("Model: " + spec.name() + " (" + extractor.info().dimension() + " features from "
                    + extractor.info().featureLayer() + ", " + (extractor.usingCuda() ? model.device : "cpu") + ")");
            ConsoleListener listener = new ConsoleListener(out, config.epochs());
            LocalRun.Request request = new LocalRun.Request(trainImages, labels, predictImages, output, "local",
                    "local", config, validationIds, csv, batchSize);
            LocalRun.Summary summary = new LocalRun(opened.store, storage.bucket, extractor, listener).run(request);
            listener.finish();
            Summary.print(out, summary, output);
            return summary;
        }
    }
}
