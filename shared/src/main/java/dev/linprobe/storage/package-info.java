/** Stores and reads pipeline objects in S3 buckets, on AWS or on an embedded S3 server for local runs and tests. */
package dev.linprobe.storage;
