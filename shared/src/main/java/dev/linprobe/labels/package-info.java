/** Reads the labels CSV file and matches its image ids with the ids of extracted features. */
package dev.linprobe.labels;
