package dev.linprobe.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.linprobe.pipeline.ImageKeys;
import dev.linprobe.service.BucketLayout;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks that the deployment files agree with the code: function names, environment variables,
 * prefixes, queue wiring and the permissions of each role.
 */
class InfraConsistencyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final BucketLayout LAYOUT = BucketLayout.DEFAULT;
    private static final List<String> FUNCTIONS = List.of("extract", "train", "predict");

    private static Path root;
    private static JsonNode template;
    private static JsonNode resources;
    private static Set<String> configVariables;

    @BeforeAll
    static void read() throws IOException {
        String property = System.getProperty("linprobe.repo.root");
        root = property != null ? Path.of(property) : Path.of("../..").toAbsolutePath().normalize();
        template = YAML.readTree(root.resolve("infra/aws/template.yaml").toFile());
        resources = template.path("Resources");
        configVariables = environmentVariables("LINPROBE", LinprobeConfig.class);
    }

    /** Lists the environment variable of every property of a config mapping, as SmallRye Config names them. */
    private static Set<String> environmentVariables(String prefix, Class<?> type) {
        Set<String> out = new TreeSet<>();
        for (Method method : type.getDeclaredMethods()) {
            String name = method.isAnnotationPresent(WithName.class) ? method.getAnnotation(WithName.class).value()
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2");
            String variable = prefix + "_" + name.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT);
            Class<?> returned = method.getReturnType();
            if (returned.isInterface() && returned.getEnclosingClass() == LinprobeConfig.class) {
                out.addAll(environmentVariables(variable, returned));
            } else {
                out.add(variable);
            }
        }
        return out;
    }

    private static JsonNode function(String name) {
        JsonNode function = resources.path(Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Function");
        assertFalse(function.isMissingNode(), "template has no function for " + name);
        return function;
    }

    private static Map<String, JsonNode> environment(JsonNode function) {
        Map<String, JsonNode> variables = new java.util.TreeMap<>();
        template.path("Globals").path("Function").path("Environment").path("Variables").fields()
                .forEachRemaining(entry -> variables.put(entry.getKey(), entry.getValue()));
        function.path("Properties").path("Environment").path("Variables").fields()
                .forEachRemaining(entry -> variables.put(entry.getKey(), entry.getValue()));
        return variables;
    }

    @Test
    void template_everyLinprobeVariable_isAConfigProperty() {
        for (String name : FUNCTIONS) {
            for (String variable : environment(function(name)).keySet()) {
                if (variable.startsWith("LINPROBE_")) {
                    assertTrue(configVariables.contains(variable), variable + " of " + name + " is not a property of LinprobeConfig: "
                            + configVariables);
                }
            }
        }
    }

    @Test
    void template_functionExports_matchApplicationProperties() throws IOException {
        for (String name : FUNCTIONS) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(root.resolve("functions/" + name + "/src/main/resources/application.properties"))) {
                properties.load(in);
            }
            assertEquals(name, properties.getProperty("quarkus.funqy.export"), name + " module");
            assertEquals(name, environment(function(name)).get("QUARKUS_FUNQY_EXPORT").asText(), name + " in the template");
            assertEquals("Image", template.path("Globals").path("Function").path("PackageType").asText());
            assertTrue(function(name).path("Properties").path("ImageUri").has("Ref"), name + " image");
        }
    }

    @Test
    void template_layoutVariables_matchBucketLayout() {
        Map<String, JsonNode> variables = environment(function("extract"));

        assertEquals(LAYOUT.datasetsPrefix(), variables.get("LINPROBE_LAYOUT_DATASETS_PREFIX").asText());
        assertEquals(LAYOUT.imagesFolder(), variables.get("LINPROBE_LAYOUT_IMAGES_FOLDER").asText());
        assertEquals(LAYOUT.batchesPrefix(), variables.get("LINPROBE_LAYOUT_BATCHES_PREFIX").asText());
        assertEquals(LAYOUT.predictionsPrefix(), variables.get("LINPROBE_LAYOUT_PREDICTIONS_PREFIX").asText());
        assertEquals(LAYOUT.markerName(), variables.get("LINPROBE_LAYOUT_MARKER_NAME").asText());
    }

    @Test
    void bucket_imageNotifications_goToQueueForEverySuffix() {
        JsonNode queues = resources.path("DataBucket").path("Properties").path("NotificationConfiguration")
                .path("QueueConfigurations");
        Set<String> suffixes = new TreeSet<>();
        for (JsonNode queue : queues) {
            assertEquals("ImagesQueue", queue.path("Queue").path("Fn::GetAtt").get(0).asText());
            assertEquals("s3:ObjectCreated:*", queue.path("Event").asText());
            Map<String, String> rules = filterRules(queue.path("Filter"));
            assertEquals(LAYOUT.datasetsPrefix(), rules.get("prefix"));
            suffixes.add(rules.get("suffix").substring(1));
        }
        assertEquals(new TreeSet<>(ImageKeys.IMAGE_EXTENSIONS), suffixes);
    }

    @Test
    void extract_readsQueueWithPartialFailures_andDeadLetterQueue() {
        JsonNode event = function("extract").path("Properties").path("Events").path("Images");
        assertEquals("SQS", event.path("Type").asText());
        assertEquals("ImagesQueue", event.path("Properties").path("Queue").path("Fn::GetAtt").get(0).asText());
        assertEquals("ReportBatchItemFailures", event.path("Properties").path("FunctionResponseTypes").get(0).asText());

        JsonNode queue = resources.path("ImagesQueue").path("Properties");
        assertEquals("ImagesDeadLetterQueue", queue.path("RedrivePolicy").path("deadLetterTargetArn").path("Fn::GetAtt").get(0).asText());
        int timeout = function("extract").path("Properties").path("Timeout").asInt();
        assertTrue(queue.path("VisibilityTimeout").asInt() >= 6 * timeout,
                "the queue's visibility timeout must be at least six times the extractor's timeout of " + timeout + " s");
    }

    @Test
    void predict_triggeredByBatchMarker() {
        JsonNode event = function("predict").path("Properties").path("Events").path("BatchReady");
        assertEquals("S3", event.path("Type").asText());
        assertEquals("DataBucket", event.path("Properties").path("Bucket").path("Ref").asText());
        Map<String, String> rules = filterRules(event.path("Properties").path("Filter"));
        assertEquals(LAYOUT.batchesPrefix(), rules.get("prefix"));
        assertEquals(LAYOUT.markerName(), rules.get("suffix"));
        assertTrue(LAYOUT.batchOfMarker(rules.get("prefix") + "b1/" + rules.get("suffix")).isPresent());
    }

    @Test
    void train_runsOnSchedule() {
        JsonNode event = function("train").path("Properties").path("Events").path("Nightly");
        assertTrue(event.path("Type").asText().startsWith("Schedule"), event.toString());
        assertEquals("TrainDatasets", environment(function("train")).get("LINPROBE_TRAIN_DATASETS").path("Ref").asText());
    }

    @Test
    void roles_writeOnlyTheirOwnPrefixes() {
        assertEquals(Set.of("datasets/*/features/*"), resourcesOf("ExtractRole", "s3:PutObject"));
        assertEquals(Set.of("datasets/*/images/*"), resourcesOf("ExtractRole", "s3:GetObject"));
        assertEquals(Set.of("datasets/*/runs/*"), resourcesOf("TrainRole", "s3:PutObject"));
        assertEquals(Set.of("datasets/*/features/*", "datasets/*/" + LAYOUT.labelsFile()), resourcesOf("TrainRole", "s3:GetObject"));
        assertEquals(Set.of(LAYOUT.predictionsPrefix() + "*"), resourcesOf("PredictRole", "s3:PutObject"));
        assertEquals(Set.of(LAYOUT.batchesPrefix() + "*", "datasets/*/runs/*"), resourcesOf("PredictRole", "s3:GetObject"));
        for (String name : FUNCTIONS) {
            String role = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Role";
            assertEquals(role, function(name).path("Properties").path("Role").path("Fn::GetAtt").get(0).asText());
            for (JsonNode statement : statements(role)) {
                assertFalse(statement.path("Action").toString().contains("s3:*"), role + " must not grant s3:*");
                assertFalse(statement.path("Resource").toString().contains("${BucketName}/*\""), role + " must not grant the whole bucket");
            }
        }
    }

    @Test
    void knative_extractor_matchesCodeAndAsksForGpu() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(root.resolve("infra/knative/extract-gpu.yaml").toFile())) {
            Iterator<JsonNode> iterator = YAML.readValues(parser, JsonNode.class);
            iterator.forEachRemaining(documents::add);
        }
        JsonNode service = documents.stream().filter(d -> d.path("kind").asText().equals("Service")).findFirst().orElseThrow();
        JsonNode source = documents.stream().filter(d -> d.path("kind").asText().equals("AwsSqsSource")).findFirst().orElseThrow();
        JsonNode container = service.path("spec").path("template").path("spec").path("containers").get(0);

        assertEquals("1", container.path("resources").path("limits").path("nvidia.com/gpu").asText());
        assertEquals("0", service.path("spec").path("template").path("metadata").path("annotations")
                .path("autoscaling.knative.dev/min-scale").asText());
        assertEquals(service.path("metadata").path("name").asText(), source.path("spec").path("sink").path("ref").path("name").asText());
        Set<String> names = new HashSet<>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            names.add(name);
            if (name.startsWith("LINPROBE_")) {
                assertTrue(configVariables.contains(name), name + " is not a property of LinprobeConfig");
            }
        }
        assertTrue(names.contains("LINPROBE_DEVICE"));
        assertEquals("extract", container.path("env").findValues("value").stream().map(JsonNode::asText)
                .filter("extract"::equals).findFirst().orElse(null));
    }

    private static Map<String, String> filterRules(JsonNode filter) {
        Map<String, String> rules = new java.util.HashMap<>();
        for (JsonNode rule : filter.path("S3Key").path("Rules")) {
            rules.put(rule.path("Name").asText(), rule.path("Value").asText());
        }
        return rules;
    }

    private static List<JsonNode> statements(String role) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode policy : resources.path(role).path("Properties").path("Policies")) {
            policy.path("PolicyDocument").path("Statement").forEach(out::add);
        }
        return out;
    }

    /** Returns the object paths, relative to the bucket, that a role may use with an action. */
    private static Set<String> resourcesOf(String role, String action) {
        Set<String> out = new TreeSet<>();
        for (JsonNode statement : statements(role)) {
            JsonNode actions = statement.path("Action");
            boolean matches = actions.isArray() ? actions.toString().contains("\"" + action + "\"") : actions.asText().equals(action);
            if (!matches) {
                continue;
            }
            JsonNode resource = statement.path("Resource");
            List<JsonNode> items = new ArrayList<>();
            if (resource.isArray()) {
                resource.forEach(items::add);
            } else {
                items.add(resource);
            }
            for (JsonNode item : items) {
                String text = item.has("Fn::Sub") ? item.get("Fn::Sub").asText() : item.asText();
                assertNotNull(text);
                out.add(text.substring(text.indexOf("${BucketName}/") + "${BucketName}/".length()));
            }
        }
        return out;
    }
}
