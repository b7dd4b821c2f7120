/** Computes evaluation metrics and writes the run reports: metrics JSON, learning curve figures and predictions CSV. */
package dev.linprobe.report;
