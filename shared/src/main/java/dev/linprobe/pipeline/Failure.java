package dev.linprobe.pipeline;

/**
 * An input that could not be processed.
 *
 * @param key the object key (decoded)
 * @param reason what went wrong and what to do
 */
public record Failure(String key, String reason) {}
