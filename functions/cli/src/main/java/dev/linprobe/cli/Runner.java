package dev.linprobe.cli;

import dev.linprobe.features.ExtractorSpec;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.pipeline.LocalRun;
import dev.linprobe.pipeline.TrainJob;
import java.time.Instant;
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
        SoftmaxTrainerConfig config = trainer.config();
        List<String> validationIds = trainer.validationIdList();
        int batchSize = model.batchSize();
        LocalRun.checkInputs(trainImages, labels, predictImages, output, validationIds, csv);
        ExtractorSpec spec = model.resolve();
        try (StorageOptions.Opened opened = storage.open();
                FeatureExtractor extractor = FeatureExtractor.open(spec, model.executionDevice())) {
            out.println("Storage: " + opened.description + ", bucket " + storage.bucket);
            out.println("Model: " + spec.name() + " (" + extractor.info().dimension() + " features from "
                    + extractor.info().featureLayer() + ", " + (extractor.usingCuda() ? model.device : "cpu") + ")");
            ConsoleListener listener = new ConsoleListener(out, config.epochs());
            // Each run gets its own data set and batch in the bucket, so a kept --s3-data folder never
            // mixes the images of an earlier run into this one.
            String name = "local-" + TrainJob.newRunId(Instant.now());
            LocalRun.Request request = new LocalRun.Request(trainImages, labels, predictImages, output, name, name, config,
                    validationIds, csv, batchSize);
            LocalRun.Summary summary = new LocalRun(opened.store, storage.bucket, extractor, listener).run(request);
            listener.finish();
            Summary.print(out, summary, output);
            return summary;
        }
    }
}
