package dev.linprobe.pipeline;

/** Receives progress of a long step, such as extraction, for a progress bar or a log. */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {};

    /** Announces a step with a total number of items. */
    default void start(String step, long total) {}

    /** Reports that {@code items} more items are done. */
    default void advance(long items) {}

    /** Reports that the step has ended. */
    default void finish() {}
}
