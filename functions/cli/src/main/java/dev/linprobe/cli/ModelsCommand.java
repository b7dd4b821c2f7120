package dev.linprobe.cli;

import dev.linprobe.catalog.CatalogEntry;
import dev.linprobe.catalog.ModelCache;
import dev.linprobe.catalog.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code linprobe models}: lists the model catalog and what the cache holds. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Lists the pretrained models linprobe can use by name.")
public class ModelsCommand implements Callable<Integer> {

    @Option(names = "--model-cache", paramLabel = "DIR",
            description = "Model cache folder to check (default: $LINPROBE_MODEL_CACHE, else ~/.cache/linprobe/models).")
    Path modelCache;

    @Override
    public Integer call() {
        ModelCatalog catalog = ModelCatalog.load();
        ModelCache cache = ModelCache.locate(modelCache);
        System.out.println("Model cache: " + cache.folder());
        for (CatalogEntry entry : catalog.entries()) {
            boolean cached = Files.isRegularFile(cache.folder().resolve(entry.fileName()));
            System.out.printf("%-22s %4d features  %s%s%n  %s%n", entry.name(), entry.featureDimension(),
                    entry.name().equals(catalog.defaultEntry().name()) ? "(default) " : "",
                    cached ? "[cached]" : "[downloads on first use]", entry.description());
        }
        return 0;
    }
}
