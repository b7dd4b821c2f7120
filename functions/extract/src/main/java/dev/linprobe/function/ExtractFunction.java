package dev.linprobe.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.service.ExtractService;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The extract function: passes each event to {@link ExtractService}. */
public class ExtractFunction {

    @Inject
    ExtractService service;

    /** Creates the service at startup, so that opening the store and the network is not part of the first invocation. */
    void start(@Observes StartupEvent event) {
        service.getClass();
    }

    /**
     * Extracts features of the images an event names: an S3 notification, an SQS batch of them, a
     * CloudEvent carrying one, or {@code {"bucket", "prefix"}} to extract every image under a prefix.
     */
    @Funq("extract")
    public ExtractService.Response extract(JsonNode event) {
        return service.handle(event);
    }
}
