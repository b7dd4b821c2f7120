package dev.linprobe.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.service.PredictService;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The predict function: passes each event to {@link PredictService}. */
public class PredictFunction {

    @Inject
    PredictService service;

    /** Creates the service at startup, so that opening the store and the network is not part of the first invocation. */
    void start(@Observes StartupEvent event) {
        service.getClass();
    }

    /**
     * Classifies a batch: on the S3 notification of its marker object, or on
     * {@code {"imagesPrefix", "outputKey"}}.
     */
    @Funq("predict")
    public PredictService.Response predict(JsonNode event) {
        return service.handle(event);
    }
}
