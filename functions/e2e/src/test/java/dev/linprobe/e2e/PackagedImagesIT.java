package dev.linprobe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks what the packaged functions carry into a Linux image. */
class PackagedImagesIT {

    @Test
    void functions_onnxRuntimeJar_keepsOnlyLinuxLibraries() throws IOException {
        for (String name : List.of("extract", "train", "predict")) {
            Path libraries = E2eInputs.functionJar(name).resolveSibling("lib/main");
            Path runtime;
            try (Stream<Path> jars = Files.list(libraries)) {
                runtime = jars.filter(jar -> jar.getFileName().toString().startsWith("com.microsoft.onnxruntime.onnxruntime-"))
                        .findFirst().orElseThrow(() -> new AssertionError("no ONNX Runtime jar in " + libraries));
            }
            try (JarFile jar = new JarFile(runtime.toFile())) {
                List<String> natives = jar.stream().map(entry -> entry.getName())
                        .filter(entry -> entry.startsWith("ai/onnxruntime/native/") && !entry.endsWith("/")).sorted().toList();
                assertEquals(List.of(
                        "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
                        "ai/onnxruntime/native/linux-aarch64/libonnxruntime4j_jni.so",
                        "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                        "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so"), natives, name);
            }
            assertTrue(Files.size(runtime) < 60_000_000L, name + ": " + runtime + " is " + Files.size(runtime) + " bytes");
        }
    }
}
