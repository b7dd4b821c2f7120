package dev.linprobe.events;

/** An event is not valid JSON or lacks a field its kind requires; the message names the field. */
public class MalformedEventException extends IllegalArgumentException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
