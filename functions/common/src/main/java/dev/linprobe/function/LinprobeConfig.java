package dev.linprobe.function;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of the functions, under the prefix {@code linprobe}. Every property can also be set
 * as an environment variable: {@code linprobe.layout.batches-prefix} is {@code LINPROBE_LAYOUT_BATCHES_PREFIX}.
 */
@ConfigMapping(prefix = "linprobe")
public interface LinprobeConfig {

    /** Bucket that scheduled training and direct calls without a bucket use. */
    @WithDefault("linprobe")
    String bucket();

    /** Feature extractor: a catalog model name or the path of an ONNX file. */
    @WithDefault("mobilenetv2-12-int8")
    String model();

    /** Folder of downloaded catalog models; defaults to LINPROBE_MODEL_CACHE, else ~/.cache/linprobe/models. */
    Optional<String> modelCache();

    /** Device ONNX Runtime runs on: cpu, cuda or cuda:N (falls back to cpu with a warning). */
    @WithDefault("cpu")
    String device();

    /** Images per network run and per feature shard. */
    @WithDefault("64")
    int extractBatchSize();

    /** Bucket layout. */
    Layout layout();

    /** Object storage. */
    S3 s3();

    /** Training. */
    Train train();

    /** Prediction. */
    Predict predict();

    /** Locations of data sets, batches and results in the bucket. */
    interface Layout {
        /** Prefix of all data sets. */
        @WithDefault("datasets/")
        String datasetsPrefix();

        /** Folder of labelled images inside a data set; extract watches it. */
        @WithDefault("images/")
        String imagesFolder();

        /** Name of the labels CSV inside a data set. */
        @WithDefault("labels.csv")
        String labelsFile();

        /** Folder of feature shards inside a data set. */
        @WithDefault("features/")
        String featuresFolder();

        /** Folder of training runs inside a data set. */
        @WithDefault("runs/")
        String runsFolder();

        /** Prefix of prediction batches. */
        @WithDefault("batches/")
        String batchesPrefix();

        /** Prefix of prediction CSVs. */
        @WithDefault("predictions/")
        String predictionsPrefix();

        /** Name of the object whose upload starts the prediction of its batch. */
        @WithDefault("_READY")
        String markerName();
    }

    /** Object storage: AWS S3 by default, any S3-compatible endpoint, or an embedded server. */
    interface S3 {
        /** S3-compatible endpoint; unset means AWS S3, or the embedded server when that is enabled. */
        Optional<String> endpoint();

        /** Region of the endpoint or of AWS S3; unset means the SDK's default region chain. */
        Optional<String> region();

        /** Path-style access; defaults to true when an endpoint is set. */
        Optional<Boolean> pathStyle();

        /** Static access key for the endpoint; unset means the SDK's default credential chain. */
        Optional<String> accessKey();

        /** Static secret key for the endpoint. */
        Optional<String> secretKey();

        /** The embedded S3 server that dev mode and tests start. */
        Embedded embedded();
    }

    /** An S3 server on loopback started with the function, as Quarkus Dev Services start databases. */
    interface Embedded {
        /** Whether to start it when no endpoint is set; on in dev mode and tests. */
        @WithDefault("false")
        boolean enabled();

        /** Loopback port; 0 picks a free one. */
        @WithDefault("0")
        int port();

        /** Folder that keeps its objects. */
        @WithDefault("target/linprobe-s3")
        String dataDir();

        /** Access key clients sign with. */
        @WithDefault("linprobe-dev")
        String accessKey();

        /** Secret key clients sign with. */
        @WithDefault("linprobe-dev-secret")
        String secretKey();
    }

    /** Training. */
    interface Train {
        /** Data sets a scheduled event trains. */
        @WithDefault("default")
        List<String> datasets();

        /** lbfgs or sgd. */
        @WithDefault("lbfgs")
        String optimizer();

        /** SGD epochs or L-BFGS iterations. */
        @WithDefault("150")
        int epochs();

        /** SGD step size. */
        @WithDefault("0.01")
        double learningRate();

        /** SGD mini-batch size. */
        @WithDefault("32")
        int batchSize();

        /** SGD momentum. */
        @WithDefault("0.9")
        double momentum();

        /** L2 penalty on the weights. */
        @WithName("l2")
        @WithDefault("0.01")
        double l2();

        /** Seed of the split and of SGD's sample order. */
        @WithDefault("42")
        long seed();

        /** Share of labelled images held out for validation. */
        @WithDefault("0.3")
        double validationFraction();

        /** Whether the validation split keeps each class's share. */
        @WithDefault("false")
        boolean stratified();

        /** Whether features are standardised. */
        @WithDefault("true")
        boolean standardize();

        /** Epochs without a better validation result before stopping; 0 turns it off. */
        @WithDefault("0")
        int earlyStopping();
    }

    /** Prediction. */
    interface Predict {
        /** Data set whose latest model classifies a batch whose marker names none. */
        @WithDefault("default")
        String dataset();

        /** Whether the CSV has a Probability column. */
        @WithDefault("false")
        boolean probabilities();

        /** How many labels per image the CSV lists. */
        @WithDefault("1")
        int topK();
    }
}
