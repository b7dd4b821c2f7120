package dev.linprobe.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.report.MetricsReport;
import dev.linprobe.service.ExtractService;
import dev.linprobe.service.PredictService;
import dev.linprobe.service.TrainService;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the GraalVM native-image configuration that the core ships in
 * {@code META-INF/native-image/dev.linprobe/linprobe-core/}, since no GraalVM runs in this build:
 * JNI access to every ONNX Runtime class, its Linux libraries as resources, and reflection on every
 * type that Jackson writes.
 */
class NativeImageConfigTest {

    private static final String FOLDER = "/META-INF/native-image/dev.linprobe/linprobe-core/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String name) throws IOException {
        try (InputStream in = NativeImageConfigTest.class.getResourceAsStream(FOLDER + name)) {
            assertNotNull(in, FOLDER + name + " is missing");
            return JSON.readTree(in);
        }
    }

    private static Set<String> fullyRegistered(JsonNode config) {
        Set<String> names = new TreeSet<>();
        for (JsonNode entry : config) {
            if (entry.path("allDeclaredConstructors").asBoolean() && entry.path("allDeclaredMethods").asBoolean()
                    && entry.path("allDeclaredFields").asBoolean()) {
                names.add(entry.path("name").asText());
            }
        }
        return names;
    }

    private static JarFile onnxRuntimeJar() throws Exception {
        Path jar = Path.of(ai.onnxruntime.OrtSession.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new JarFile(jar.toFile());
    }

    @Test
    void jniConfig_coversEveryOnnxRuntimeClass() throws Exception {
        Set<String> registered = fullyRegistered(read("jni-config.json"));
        Set<String> missing = new TreeSet<>();
        try (JarFile jar = onnxRuntimeJar()) {
            jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("ai/onnxruntime/") && name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - 6).replace('/', '.'))
                    .filter(name -> !registered.contains(name))
                    .forEach(missing::add);
        }
        assertEquals(Set.of(), missing, "ONNX Runtime classes that native code may reach but jni-config.json lacks");
    }

    @Test
    void resourceConfig_includesLinuxLibrariesAndCatalog() throws Exception {
        List<Pattern> patterns = new java.util.ArrayList<>();
        for (JsonNode include : read("resource-config.json").path("resources").path("includes")) {
            patterns.add(Pattern.compile(include.path("pattern").asText()));
        }
        List<String> required = new java.util.ArrayList<>(List.of("dev/linprobe/catalog/catalog.json"));
        try (JarFile jar = onnxRuntimeJar()) {
            jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("ai/onnxruntime/native/linux-") && name.endsWith(".so"))
                    .forEach(required::add);
        }
        assertTrue(required.contains("ai/onnxruntime/native/linux-x64/libonnxruntime.so"), required.toString());
        for (String resource : required) {
            assertTrue(patterns.stream().anyMatch(p -> p.matcher(resource).matches()), resource + " is not included");
        }
        assertFalse(patterns.stream().anyMatch(p -> p.matcher("ai/onnxruntime/native/win-x64/onnxruntime.dll").matches()),
                "Windows libraries must stay out of Linux images");
    }

    @Test
    void reflectConfig_coversEverySerialisedRecord() throws IOException {
        Set<String> registered = fullyRegistered(read("reflect-config.json"));
        Set<String> reachable = new TreeSet<>();
        Deque<Type> pending = new ArrayDeque<>(List.of(MetricsReport.class, ExtractService.Response.class,
                TrainService.Response.class, PredictService.Response.class));
        while (!pending.isEmpty()) {
            Type type = pending.pop();
            if (type instanceof ParameterizedType parameterized) {
                pending.addAll(List.of(parameterized.getActualTypeArguments()));
                continue;
            }
            if (!(type instanceof Class<?> type0) || !type0.isRecord() || !reachable.add(type0.getName())) {
                continue;
            }
            for (RecordComponent component : type0.getRecordComponents()) {
                pending.add(component.getGenericType());
            }
        }
        assertTrue(reachable.contains("dev.linprobe.service.TrainService$Run"), reachable.toString());
        Set<String> missing = new TreeSet<>(reachable);
        missing.removeAll(registered);
        assertEquals(Set.of(), missing, "records written by Jackson that reflect-config.json lacks");
        for (String name : registered) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("reflect-config.json names a class that does not exist: " + name, e);
            }
        }
    }
}
