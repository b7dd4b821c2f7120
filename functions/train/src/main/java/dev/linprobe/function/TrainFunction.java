package dev.linprobe.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.service.TrainService;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The train function: passes each event to {@link TrainService}. */
public class TrainFunction {

    @Inject
    TrainService service;

    /** Creates the service at startup, so that opening the store and the network is not part of the first invocation. */
    void start(@Observes StartupEvent event) {
        service.getClass();
    }

    /** Trains on an EventBridge scheduled event, or on {@code {"dataset": NAME, "options": {...}}}. */
    @Funq("train")
    public TrainService.Response train(JsonNode event) {
        return service.handle(event);
    }
}
