package dev.linprobe.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.service.TrainService;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The train function: passes each event to {@link TrainService}. */
public class TrainFunction {

    @Inject
    TrainService service;

    /** Trains on an EventBridge scheduled event, or on {@code {"dataset": NAME, "options": {...}}}. */
    @Funq("train")
    public TrainService.Response train(JsonNode event) {
        return service.handle(event);
    }
}
