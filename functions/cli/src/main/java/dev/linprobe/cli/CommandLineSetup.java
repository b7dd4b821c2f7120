package dev.linprobe.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import org.jboss.logging.Logger;
import picocli.CommandLine;

/** Configures picocli: failures print one line naming the problem instead of a stack trace. */
@ApplicationScoped
public class CommandLineSetup {

    private static final Logger log = Logger.getLogger(CommandLineSetup.class);

    /** Exit code of a run that failed on bad input or an unavailable resource. */
    static final int FAILED = 1;

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create()
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(CommandLineSetup::handleParameters)
                .setExecutionExceptionHandler(CommandLineSetup::handle);
    }

    /** Prints an invalid or missing argument as one line and a pointer to --help, instead of the whole usage. */
    private static int handleParameters(CommandLine.ParameterException error, String[] arguments) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": error: " + error.getMessage());
        err.println("Run '" + name + " --help' for the options.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int handle(Exception error, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        log.debug("Command failed", error);
        err.println("linprobe " + command.getCommandName() + ": error: " + describe(error));
        err.flush();
        return FAILED;
    }

    /** Returns the message of an error, with its type only where the message alone would be unclear. */
    static String describe(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName() + (error.getCause() != null ? ": " + describe(error.getCause()) : "");
        }
        if (error instanceof IllegalArgumentException || error instanceof IllegalStateException
                || error.getClass().getPackageName().startsWith("dev.linprobe")) {
            return message;
        }
        return error.getClass().getSimpleName() + ": " + message;
    }
}
