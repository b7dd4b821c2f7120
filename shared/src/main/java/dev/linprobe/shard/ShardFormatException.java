package dev.linprobe.shard;

/** A feature shard or model file is damaged, of another format, or of an unsupported version. */
public class ShardFormatException extends RuntimeException {
    public ShardFormatException(String message) {
        super(message);
    }

    public ShardFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
