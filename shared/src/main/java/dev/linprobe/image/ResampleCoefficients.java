package dev.linprobe.image;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-point weights of Pillow's antialiased bilinear filter for one axis, from an input length
 * to an output length, computed with the same double-precision steps as Pillow 9.4's
 * {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} in {@code libImaging/Resample.c} so
 * that results round identically.
 *
 * <p>Output pixel {@code i} is {@code sum(input[starts[i] + k] * weights[i * stride + k])} for
 * {@code k < counts[i]}, plus {@link #HALF}, shifted right by {@link #PRECISION_BITS} and clamped
 * to 0..255.
 */
final class ResampleCoefficients {

    /** Fraction bits of the fixed-point weights: 32 bits minus 8 for the sample, minus 2 for overflow. */
    static final int PRECISION_BITS = 32 - 8 - 2;

    /** Rounding term added to every sum before the shift. */
    static final int HALF = 1 << (PRECISION_BITS - 1);

    // Bounded because every distinct input size adds an entry, and a few thousand tables
    // of at most tens of kilobytes each are cheap to keep but not to leak without limit.
    private static final int MAX_CACHED = 2048;
    private static final ConcurrentHashMap<Long, ResampleCoefficients> CACHE = new ConcurrentHashMap<>();

    final int[] starts;
    final int[] counts;
    final int[] weights;
    final int stride;

    private ResampleCoefficients(int[] starts, int[] counts, int[] weights, int stride) {
        this.starts = starts;
        this.counts = counts;
        this.weights = weights;
        this.stride = stride;
    }

    /** Returns the cached table for resampling {@code inSize} pixels to {@code outSize}, computing it once. */
    static ResampleCoefficients of(int inSize, int outSize) {
        if (inSize <= 0 || outSize <= 0) {
            throw new IllegalArgumentException(
                    "resample sizes must be positive, found input " + inSize + " and output " + outSize);
        }
        long key = (long) inSize << 32 | outSize;
        ResampleCoefficients cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        return CACHE.computeIfAbsent(key, ignored -> compute(inSize, outSize));
    }

    private static ResampleCoefficients compute(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        // Downscaling widens the triangle by the scale factor, which is the antialiasing.
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale;
        double inverseFilterScale = 1.0 / filterScale;
        int stride = (int) Math.ceil(support) * 2 + 1;

        int[] starts = new int[outSize];
        int[] counts = new int[outSize];
        int[] weights = new int[outSize * stride];
        double[] raw = new double[stride];
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            // The casts truncate toward zero, like the C code, before clamping to the input.
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inSize);
            int count = max - min;

            double total = 0.0;
            for (int k = 0; k < count; k++) {
                double w = triangle((k + min - center + 0.5) * inverseFilterScale);
                raw[k] = w;
                total += w;
            }
            for (int k = 0; k < count; k++) {
                double normalized = total != 0.0 ? raw[k] / total : raw[k];
                // Weights are never negative for the triangle filter, so rounding adds 0.5.
                weights[i * stride + k] = (int) (0.5 + normalized * (1 << PRECISION_BITS));
            }
            starts[i] = min;
            counts[i] = count;
        }
        return new ResampleCoefficients(starts, counts, weights, stride);
    }

    private static double triangle(double x) {
        double distance = Math.abs(x);
        return distance < 1.0 ? 1.0 - distance : 0.0;
    }

    /** Returns the weighted sum as an 8-bit value, with Pillow's rounding and clamping. */
    static int clamp8(int sum) {
        int value = sum >> PRECISION_BITS;
        return value < 0 ? 0 : Math.min(value, 255);
    }
}
