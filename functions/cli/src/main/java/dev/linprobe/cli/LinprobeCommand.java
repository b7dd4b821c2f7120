package dev.linprobe.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code linprobe} command: transfer-learning image classifiers from folders of labelled images. */
@TopCommand
@Command(
        name = "linprobe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Trains an image classifier on frozen CNN features (a linear probe) and classifies new images.",
        subcommands = {RunCommand.class, DemoCommand.class, ModelsCommand.class, BenchCommand.class, S3ServerCommand.class})
public class LinprobeCommand {}
