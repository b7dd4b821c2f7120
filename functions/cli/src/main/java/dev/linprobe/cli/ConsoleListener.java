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

    ConsoleListener(PrintStream out, int epochs) {
        this.out = out;
        this.epochs = epochs;
    }

    /** Whether standard output is a terminal; progress bars are drawn only there, so saved logs stay clean. */
    private static final boolean INTERACTIVE = System.console() != null;

    @Override
    public synchronized void start(String step, long total) {
        finish();
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
        if (bar != null) {
            bar.stepBy(items);
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
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
