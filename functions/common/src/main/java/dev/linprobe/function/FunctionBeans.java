package dev.linprobe.function;

import dev.linprobe.catalog.ModelCache;
import dev.linprobe.catalog.ModelCatalog;
import dev.linprobe.catalog.ModelResolver;
import dev.linprobe.features.ExecutionDevice;
import dev.linprobe.features.ExtractorSpec;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.image.PreprocessOverride;
import dev.linprobe.report.PredictionsCsv;
import dev.linprobe.service.BucketLayout;
import dev.linprobe.service.ExtractService;
import dev.linprobe.service.ExtractorProvider;
import dev.linprobe.service.PredictService;
import dev.linprobe.service.TrainService;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.train.Optimizer;
import dev.linprobe.train.SoftmaxTrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * Builds the core's services from configuration. Each function injects only its own service, so
 * the train function never opens a network and the extract function never reads a model.
 */
@ApplicationScoped
public class FunctionBeans {

    @Produces
    @Singleton
    BucketLayout bucketLayout(LinprobeConfig config) {
        LinprobeConfig.Layout layout = config.layout();
        return new BucketLayout(layout.datasetsPrefix(), layout.imagesFolder(), layout.labelsFile(), layout.featuresFolder(),
                layout.runsFolder(), layout.batchesPrefix(), layout.predictionsPrefix(), layout.markerName());
    }

    @Produces
    @Singleton
    ExtractorSpec extractorSpec(LinprobeConfig config) {
        ModelResolver resolver = new ModelResolver(ModelCatalog.load(), modelCache(config));
        return resolver.resolve(config.model(), PreprocessOverride.NONE, null);
    }

    @Produces
    @Singleton
    FeatureExtractor featureExtractor(ExtractorSpec spec, LinprobeConfig config) {
        return FeatureExtractor.open(spec, ExecutionDevice.parse(config.device()));
    }

    void closeExtractor(@Disposes FeatureExtractor extractor) {
        extractor.close();
    }

    @Produces
    @Singleton
    ExtractorProvider extractorProvider(ExtractorSpec spec, LinprobeConfig config) {
        return new ExtractorProvider(ModelCatalog.load(), modelCache(config), spec, ExecutionDevice.parse(config.device()));
    }

    void closeProvider(@Disposes ExtractorProvider provider) {
        provider.close();
    }

    @Produces
    @Singleton
    ExtractService extractService(ObjectStore store, FeatureExtractor extractor, BucketLayout layout, LinprobeConfig config) {
        return new ExtractService(store, extractor, layout, config.extractBatchSize());
    }

    @Produces
    @Singleton
    TrainService trainService(ObjectStore store, BucketLayout layout, ExtractorSpec spec, LinprobeConfig config) {
        return new TrainService(store, layout, config.bucket(), config.train().datasets(), trainerConfig(config.train()),
                spec.name());
    }

    @Produces
    @Singleton
    PredictService predictService(ObjectStore store, BucketLayout layout, ExtractorProvider extractors, LinprobeConfig config) {
        LinprobeConfig.Predict predict = config.predict();
        return new PredictService(store, layout, config.bucket(), predict.dataset(), extractors, config.extractBatchSize(),
                new PredictionsCsv.Options(predict.probabilities(), predict.topK(), 6));
    }

    /** Maps the training configuration onto the trainer's record, which checks every value. */
    static SoftmaxTrainerConfig trainerConfig(LinprobeConfig.Train train) {
        SoftmaxTrainerConfig defaults = SoftmaxTrainerConfig.defaults();
        return new SoftmaxTrainerConfig(Optimizer.parse(train.optimizer()), train.epochs(), train.learningRate(),
                train.batchSize(), train.momentum(), train.l2(), train.seed(), train.validationFraction(), train.stratified(),
                train.standardize(), train.earlyStopping(), defaults.lbfgsHistory(), defaults.tolerance(), defaults.threads());
    }

    private static ModelCache modelCache(LinprobeConfig config) {
        return ModelCache.locate(config.modelCache().map(Path::of).orElse(null));
    }
}
