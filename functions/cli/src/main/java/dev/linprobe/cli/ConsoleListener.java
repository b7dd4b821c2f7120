package dev.linprobe.cli;

import dev.linprobe.pipeline.LocalRun;
import dev.linprobe.pipeline.TrainJob;
import dev.linprobe.train.EpochMetrics;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run on the console: a progress bar with rate and time left for uploads and extraction,
 * one line per epoch, and step messages. Progress bars go to standard error and only when the
 * console is a terminal; everything else goes to standard output.
 */
final class ConsoleListener implements LocalRun.Listener {

    private final PrintStream out;
    private final int epochs;
    private ProgressBar bar;
    private String step;
    private long total;
    private long done;
    private long startNanos;
    private long lastLineNanos;

    ConsoleListener(PrintStream out, int epochs) {
        this.out = out;
        this.epochs = epochs;
    }

    /**
     * Whether standard output is a terminal. Progress bars are drawn only there; elsewhere a plain
     * progress line every {@link #LINE_INTERVAL_NANOS} keeps saved logs readable.
     */
    private static final boolean INTERACTIVE = System.console() != null;

    private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;

    @Override
    public synchronized void start(String step, long total) {
        finish();
        this.step = step;
        this.total = total;
        this.done = 0;
        this.startNanos = System.nanoTime();
        this.lastLineNanos = startNanos;
        if (!INTERACTIVE) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .setTaskName(step)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" img", 1)
                .showSpeed()
                .setUpdateIntervalMillis(500)
                .setMaxRenderedLength(100)
                .setEtaFunction(state -> state.getCurrent() == 0 ? java.util.Optional.empty()
                        : java.util.Optional.of(Duration.ofMillis((long) ((state.getMax() - state.getCurrent())
                                * (double) Duration.between(state.getStartInstant(), java.time.Instant.now()).toMillis()
                                / state.getCurrent()))))
                .build();
    }

    @Override
    public synchronized void advance(long items) {
        done += items;
        if (bar != null) {
            bar.stepBy(items);
            return;
        }
        long now = System.nanoTime();
        if (step != null && now - lastLineNanos >= LINE_INTERVAL_NANOS && done < total) {
            lastLineNanos = now;
            double seconds = (now - startNanos) / 1e9;
            double rate = done / seconds;
            out.printf(java.util.Locale.ROOT, "%s: %d/%d images (%.1f images/s, about %d s left)%n", step, done, total, rate,
                    Math.round((total - done) / rate));
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        } else if (step != null && !INTERACTIVE && total > 0) {
            out.printf(java.util.Locale.ROOT, "%s: %d/%d images in %.1f s%n", step, done, total, (System.nanoTime() - startNanos) / 1e9);
        }
        step = null;
    }

    @Override
    public void message(String text) {
        finish();
        out.println(text);
    }

    @Override
    public void onEpoch(EpochMetrics metrics) {
        out.println(TrainJob.EpochLine.format(metrics, epochs));
    }
}
