package dev.linprobe.train;

import java.util.Locale;

/** The optimisers the softmax trainer offers. */
public enum Optimizer {
    /** Full-batch limited-memory BFGS on the L2-regularised loss: the fast, deterministic default. */
    LBFGS,
    /** Mini-batch stochastic gradient descent with momentum; batch size 1 is the classic per-sample trainer. */
    SGD;

    /**
     * Parses an optimiser name, case-insensitively ({@code lbfgs}, {@code l-bfgs} or {@code sgd}).
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static Optimizer parse(String name) {
        String normalised = name.trim().toUpperCase(Locale.ROOT).replace("-", "");
        for (Optimizer optimizer : values()) {
            if (optimizer.name().equals(normalised)) {
                return optimizer;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "': expected lbfgs or sgd");
    }
}
