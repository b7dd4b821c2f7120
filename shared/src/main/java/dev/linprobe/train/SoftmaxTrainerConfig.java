package dev.linprobe.train;

/**
 * Hyperparameters of the softmax trainer.
 *
 * @param optimizer LBFGS (full batch) or SGD (mini-batch)
 * @param epochs passes over the training split for SGD, or iterations for L-BFGS; at least 1
 * @param learningRate SGD step size; unused by L-BFGS, which searches its own step
 * @param batchSize SGD mini-batch size; 1 updates after every sample
 * @param momentum SGD momentum in [0, 1)
 * @param l2 L2 penalty on the weights (not the biases): the loss adds {@code l2 / 2 * ||W||^2},
 *     which is SGD's weight decay
 * @param seed seeds the train/validation shuffle and SGD's sample order
 * @param validationFraction share of labelled samples held out for validation, in [0, 1)
 * @param stratified whether the validation split keeps each class's share
 * @param standardize whether features are shifted and scaled to zero mean and unit variance, with
 *     statistics of the training split that the model stores
 * @param earlyStoppingPatience stop after this many epochs without a better validation result
 *     (higher accuracy, or equal accuracy and lower loss);
 *     0 turns early stopping off
 * @param lbfgsHistory number of correction pairs L-BFGS keeps
 * @param tolerance L-BFGS stops when the largest gradient component falls below this
 * @param threads worker threads for the loss and gradient; results do not depend on it
 */
public record SoftmaxTrainerConfig(
        Optimizer optimizer,
        int epochs,
        double learningRate,
        int batchSize,
        double momentum,
        double l2,
        long seed,
        double validationFraction,
        boolean stratified,
        boolean standardize,
        int earlyStoppingPatience,
        int lbfgsHistory,
        double tolerance,
        int threads) {

    /** Returns the defaults: L-BFGS, 150 iterations, L2 1e-2 on standardised features, 30% validation, seed 42. */
    public static SoftmaxTrainerConfig defaults() {
        return new SoftmaxTrainerConfig(Optimizer.LBFGS, 150, 0.01, 32, 0.9, 1e-2, 42L, 0.3, false, true, 0, 10, 1e-6,
                Runtime.getRuntime().availableProcessors());
    }

    /** Checks every value and names the first that is out of range. */
    public SoftmaxTrainerConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be set: lbfgs or sgd");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, found " + epochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, found " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), found " + momentum);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be a non-negative number, found " + l2);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), found " + validationFraction);
        }
        if (earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("early stopping patience must be 0 (off) or more, found " + earlyStoppingPatience);
        }
        if (lbfgsHistory < 1) {
            throw new IllegalArgumentException("L-BFGS history must be at least 1, found " + lbfgsHistory);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be non-negative, found " + tolerance);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        }
    }

    /** Returns a copy with another optimiser. */
    public SoftmaxTrainerConfig withOptimizer(Optimizer value) {
        return new SoftmaxTrainerConfig(value, epochs, learningRate, batchSize, momentum, l2, seed, validationFraction,
                stratified, standardize, earlyStoppingPatience, lbfgsHistory, tolerance, threads);
    }

    /** Returns a copy with another number of epochs. */
    public SoftmaxTrainerConfig withEpochs(int value) {
        return new SoftmaxTrainerConfig(optimizer, value, learningRate, batchSize, momentum, l2, seed, validationFraction,
                stratified, standardize, earlyStoppingPatience, lbfgsHistory, tolerance, threads);
    }

    /** Returns a copy with other SGD settings. */
    public SoftmaxTrainerConfig withSgd(double rate, int size, double momentumValue) {
        return new SoftmaxTrainerConfig(optimizer, epochs, rate, size, momentumValue, l2, seed, validationFraction,
                stratified, standardize, earlyStoppingPatience, lbfgsHistory, tolerance, threads);
    }

    /** Returns a copy with another L2 penalty. */
    public SoftmaxTrainerConfig withL2(double value) {
        return new SoftmaxTrainerConfig(optimizer, epochs, learningRate, batchSize, momentum, value, seed,
                validationFraction, stratified, standardize, earlyStoppingPatience, lbfgsHistory, tolerance, threads);
    }

    /** Returns a copy with another seed. */
    public SoftmaxTrainerConfig withSeed(long value) {
        return new SoftmaxTrainerConfig(optimizer, epochs, learningRate, batchSize, momentum, l2, value,
                validationFraction, stratified, standardize, earlyStoppingPatience, lbfgsHistory, tolerance, threads);
    }

    /** Returns a copy with other split settings. */
    public SoftmaxTrainerConfig withValidation(double fraction, boolean stratify) {
        return new SoftmaxTrainerConfig(optimizer, epochs, learningRate, batchSize, momentum, l2, seed, fraction,
                stratify, standardize, earlyStoppingPatience, lbfgsHistory, tolerance, threads);
    }

    /** Returns a copy with feature standardisation on or off. */
    public SoftmaxTrainerConfig withStandardize(boolean value) {
        return new SoftmaxTrainerConfig(optimizer, epochs, learningRate, batchSize, momentum, l2, seed,
                validationFraction, stratified, value, earlyStoppingPatience, lbfgsHistory, tolerance, threads);
    }

    /** Returns a copy with another early stopping patience (0 turns it off). */
    public SoftmaxTrainerConfig withEarlyStopping(int patience) {
        return new SoftmaxTrainerConfig(optimizer, epochs, learningRate, batchSize, momentum, l2, seed,
                validationFraction, stratified, standardize, patience, lbfgsHistory, tolerance, threads);
    }

    /** Returns a copy with another number of worker threads. */
    public SoftmaxTrainerConfig withThreads(int value) {
        return new SoftmaxTrainerConfig(optimizer, epochs, learningRate, batchSize, momentum, l2, seed,
                validationFraction, stratified, standardize, earlyStoppingPatience, lbfgsHistory, tolerance, value);
    }
}
