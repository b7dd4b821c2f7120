/** Parsing of the events that trigger linprobe's functions: S3 notifications, SQS batches, schedules and CloudEvents. */
package dev.linprobe.events;
