package dev.linprobe.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the version from the jar manifest, or "development" when run from classes. */
public class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = LinprobeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"linprobe " + (version == null ? "development" : version)};
    }
}
