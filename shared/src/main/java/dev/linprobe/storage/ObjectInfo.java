package dev.linprobe.storage;

/** One listed object: its decoded key, size in bytes and entity tag (without quotes). */
public record ObjectInfo(String key, long size, String eTag) {}
