package dev.linprobe.function;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Configuration of the train function tests: two data sets for scheduled events, and 3 L-BFGS
 * iterations by default, so each run is short and an "epochs" option of 5 differs from the default.
 */
public class TrainTestProfile implements QuarkusTestProfile {

    /** Data sets that a scheduled event trains in these tests. */
    static final String SCHEDULED_A = "nightly-a";
    static final String SCHEDULED_B = "nightly-b";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "linprobe.train.datasets", SCHEDULED_A + "," + SCHEDULED_B,
                "linprobe.train.epochs", "3");
    }
}
