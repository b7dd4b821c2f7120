package dev.linprobe.function.http;

import dev.linprobe.events.MalformedEventException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.NoSuchElementException;
import org.jboss.logging.Logger;

/**
 * Responds to a failed HTTP invocation with {@code {"error": "...", "type": "..."}}: status 400 for bad
 * input (a malformed event, an invalid option, missing or inconsistent data) and 500 otherwise.
 * Without it, Quarkus responds with 500, an error id and no message.
 */
@ApplicationScoped
public class HttpErrors {

    private static final Logger log = Logger.getLogger(HttpErrors.class);

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(HttpErrors::respond);
    }

    private static void respond(RoutingContext context) {
        Throwable failure = context.failure();
        if (context.response().ended()) {
            context.next();
            return;
        }
        if (failure == null) {
            respondToStatus(context);
            return;
        }
        Throwable cause = unwrap(failure);
        boolean badInput = cause instanceof IllegalArgumentException || cause instanceof NoSuchElementException
                || cause instanceof dev.linprobe.shard.ShardFormatException
                || cause instanceof dev.linprobe.labels.LabelsFormatException
                || cause instanceof dev.linprobe.storage.ObjectNotFoundException;
        int status = badInput ? 400 : 500;
        if (badInput) {
            log.warnv("Rejected {0} {1}: {2}", context.request().method(), context.request().path(), cause.getMessage());
        } else {
            log.errorv(cause, "Failed {0} {1}", context.request().method(), context.request().path());
        }
        JsonObject body = new JsonObject()
                .put("error", cause.getMessage() == null ? cause.toString() : cause.getMessage())
                .put("type", cause instanceof MalformedEventException ? "MalformedEvent" : cause.getClass().getSimpleName());
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    /**
     * Responds to a failure that carries only a status code, as Funqy sends 400 for a body that is not
     * valid JSON for the function's input, 404 for an unknown function and 405 for a wrong method.
     */
    private static void respondToStatus(RoutingContext context) {
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        String message = switch (status) {
            case 400 -> "invalid request: the body is not valid JSON or does not match the function's input";
            case 404 -> "no function at " + context.request().path();
            case 405 -> "method " + context.request().method() + " is not allowed: send the event with POST";
            default -> "request failed with HTTP status " + status;
        };
        log.warnv("Rejected {0} {1} with status {2}: {3}", context.request().method(), context.request().path(), status,
                message);
        JsonObject body = new JsonObject().put("error", message).put("type", status < 500 ? "InvalidRequest" : "HttpError");
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && (current instanceof RuntimeException)
                && !current.getClass().getPackageName().startsWith("dev.linprobe")
                && !(current instanceof IllegalArgumentException)) {
            current = current.getCause();
        }
        return current;
    }
}
