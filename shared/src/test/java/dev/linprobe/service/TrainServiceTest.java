package dev.linprobe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.events.MalformedEventException;
import dev.linprobe.train.Optimizer;
import dev.linprobe.train.SoftmaxTrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class TrainServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SoftmaxTrainerConfig BASE = SoftmaxTrainerConfig.defaults();

    @Test
    void applyOptions_eachOption_overridesDefault() {
        SoftmaxTrainerConfig config = TrainService.applyOptions(BASE, json("""
                {"optimizer": "sgd", "epochs": 7, "learningRate": 0.05, "batchSize": 16, "momentum": 0.5,
                 "l2": 0.001, "seed": 9, "validationFraction": 0.2, "stratified": true, "standardize": false,
                 "earlyStopping": 3}"""));

        assertEquals(Optimizer.SGD, config.optimizer());
        assertEquals(7, config.epochs());
        assertEquals(0.05, config.learningRate());
        assertEquals(16, config.batchSize());
        assertEquals(0.5, config.momentum());
        assertEquals(0.001, config.l2());
        assertEquals(9, config.seed());
        assertEquals(0.2, config.validationFraction());
        assertTrue(config.stratified());
        assertEquals(false, config.standardize());
        assertEquals(3, config.earlyStoppingPatience());
        assertEquals(BASE.lbfgsHistory(), config.lbfgsHistory());
        assertEquals(BASE.tolerance(), config.tolerance());
    }

    @Test
    void applyOptions_weightDecay_setsL2() {
        assertEquals(0.25, TrainService.applyOptions(BASE, json("{\"weightDecay\": 0.25}")).l2());
    }

    @Test
    void applyOptions_absent_returnsBase() {
        assertSame(BASE, TrainService.applyOptions(BASE, json("{}").path("options")));
        assertSame(BASE, TrainService.applyOptions(BASE, json("null")));
        assertSame(BASE, TrainService.applyOptions(BASE, null));
    }

    @Test
    void applyOptions_emptyObject_keepsEveryValue() {
        assertEquals(BASE, TrainService.applyOptions(BASE, json("{}")));
    }

    @Test
    void applyOptions_wrongType_namesOption() {
        String[][] cases = {
            {"{\"optimizer\": 1}", "option optimizer must be a string"},
            {"{\"epochs\": \"5\"}", "option epochs must be an integer"},
            {"{\"epochs\": 2.5}", "option epochs must be an integer"},
            {"{\"epochs\": 3000000000}", "option epochs must be an integer"},
            {"{\"batchSize\": true}", "option batchSize must be an integer"},
            {"{\"learningRate\": \"0.1\"}", "option learningRate must be a number"},
            {"{\"momentum\": null}", "option momentum must be a number"},
            {"{\"l2\": []}", "option l2 must be a number"},
            {"{\"validationFraction\": \"a third\"}", "option validationFraction must be a number"},
            {"{\"stratified\": 1}", "option stratified must be true or false"},
            {"{\"standardize\": \"false\"}", "option standardize must be true or false"},
            {"{\"earlyStopping\": 1.5}", "option earlyStopping must be an integer"},
            {"{\"seed\": \"42\"}", "option seed must be an integer"},
            {"{\"seed\": 1.5}", "option seed must be an integer"},
        };

        for (String[] c : cases) {
            MalformedEventException error = assertThrows(MalformedEventException.class,
                    () -> TrainService.applyOptions(BASE, json(c[0])), c[0]);

            assertTrue(error.getMessage().startsWith(c[1]), c[0] + " gave: " + error.getMessage());
        }
    }

    @Test
    void applyOptions_seedBeyondDoublePrecision_keptExactly() {
        long seed = (1L << 53) + 1;

        assertEquals(seed, TrainService.applyOptions(BASE, json("{\"seed\": " + seed + "}")).seed());
    }

    @Test
    void applyOptions_unknownName_listsAccepted() {
        MalformedEventException error = assertThrows(MalformedEventException.class,
                () -> TrainService.applyOptions(BASE, json("{\"epochs\": 5, \"lr\": 0.1}")));

        assertTrue(error.getMessage().startsWith("unknown training option 'lr'"), error.getMessage());
        assertTrue(error.getMessage().contains("learningRate"), error.getMessage());
    }

    @Test
    void applyOptions_notAnObject_rejected() {
        MalformedEventException error = assertThrows(MalformedEventException.class,
                () -> TrainService.applyOptions(BASE, json("[\"epochs\", 5]")));

        assertTrue(error.getMessage().contains("options must be a JSON object"), error.getMessage());
    }

    @Test
    void applyOptions_invalidValue_rejectedByTrainerConfig() {
        assertThrows(IllegalArgumentException.class, () -> TrainService.applyOptions(BASE, json("{\"optimizer\": \"adam\"}")));
        assertThrows(IllegalArgumentException.class, () -> TrainService.applyOptions(BASE, json("{\"epochs\": 0}")));
        assertThrows(IllegalArgumentException.class,
                () -> TrainService.applyOptions(BASE, json("{\"validationFraction\": 1.5}")));
    }

    @Test
    void scheduledRunId_sameEvent_sameId() {
        String event = """
                {"version": "0", "id": "5e1c0b2f-7d4a-4c3e-9a61-2f8b0d6e41a7", "detail-type": "Scheduled Event",
                 "source": "aws.events", "account": "123456789012", "time": "2026-12-04T20:00:00Z",
                 "region": "eu-west-1", "resources": [], "detail": {}}""";

        String first = TrainService.scheduledRunId(json(event));
        String second = TrainService.scheduledRunId(json(event));

        assertEquals("20261204-200000-5e1c0b2f", first);
        assertEquals(first, second);
    }

    @Test
    void scheduledRunId_otherEventId_otherId() {
        String first = TrainService.scheduledRunId(json("{\"time\": \"2026-12-04T20:00:00Z\", \"id\": \"aaaa1111-0\"}"));
        String second = TrainService.scheduledRunId(json("{\"time\": \"2026-12-04T20:00:00Z\", \"id\": \"bbbb2222-0\"}"));

        assertEquals("20261204-200000-aaaa1111", first);
        assertEquals("20261204-200000-bbbb2222", second);
    }

    @Test
    void scheduledRunId_withoutId_timeOnly() {
        assertEquals("20261204-200000", TrainService.scheduledRunId(json("{\"time\": \"2026-12-04T20:00:00Z\"}")));
    }

    @Test
    void scheduledRunId_invalidTime_rejected() {
        for (String event : new String[] {"{\"id\": \"x\"}", "{\"time\": \"yesterday\", \"id\": \"x\"}",
                "{\"time\": \"2026-12-04 20:00\", \"id\": \"x\"}"}) {
            MalformedEventException error = assertThrows(MalformedEventException.class,
                    () -> TrainService.scheduledRunId(json(event)), event);

            assertTrue(error.getMessage().startsWith("scheduled event has an invalid time"), error.getMessage());
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
