package dev.linprobe.function;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Lets the Maven build's system property {@code linprobe.repo.root} through the check of
 * {@link LinprobeConfig}, which rejects unknown properties under its prefix. Surefire sets that
 * property for every module's tests, and the {@code %test} model cache path reads it.
 */
public class BuildPropertiesCustomizer implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withMappingIgnore("linprobe.repo.*");
    }
}
