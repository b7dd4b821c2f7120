package dev.linprobe.train;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limited-memory BFGS for a smooth convex objective: the two-loop recursion for the search direction
 * and a backtracking line search with the Armijo condition. Correction pairs whose curvature
 * {@code s.y} is not positive are skipped, which keeps the implied inverse Hessian positive definite.
 */
final class Lbfgs {

    /** The objective: writes the gradient at {@code x} into {@code gradient} and returns the value. */
    @FunctionalInterface
    interface Function {
        double valueAndGradient(double[] x, double[] gradient);
    }

    private static final double ARMIJO = 1e-4;
    private static final double BACKTRACK = 0.5;
    private static final int MAX_BACKTRACKS = 40;

    private final Function function;
    private final int history;
    private final Deque<double[]> steps = new ArrayDeque<>();
    private final Deque<double[]> gradientChanges = new ArrayDeque<>();
    private final double[] x;
    private final double[] gradient;
    private double value;

    Lbfgs(Function function, double[] start, int history) {
        this.function = function;
        this.history = history;
        this.x = start.clone();
        this.gradient = new double[start.length];
        this.value = function.valueAndGradient(x, gradient);
    }

    double[] point() {
        return x;
    }

    double value() {
        return value;
    }

    /** Returns the largest absolute gradient component at the current point. */
    double gradientMaxNorm() {
        double max = 0;
        for (double g : gradient) {
            max = Math.max(max, Math.abs(g));
        }
        return max;
    }

    /**
     * Takes one iteration: a direction from the stored pairs, then a line search along it.
     *
     * @return false when no step decreased the objective, so the optimiser has stalled
     */
    boolean step() {
        double[] direction = direction();
        double slope = dot(direction, gradient);
        if (!(slope < 0)) {
            steps.clear();
            gradientChanges.clear();
            for (int i = 0; i < direction.length; i++) {
                direction[i] = -gradient[i];
            }
            slope = dot(direction, gradient);
        }
        double stepSize = steps.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
        double[] candidate = new double[x.length];
        double[] candidateGradient = new double[x.length];
        for (int attempt = 0; attempt < MAX_BACKTRACKS; attempt++) {
            for (int i = 0; i < x.length; i++) {
                candidate[i] = x[i] + stepSize * direction[i];
            }
            double candidateValue = function.valueAndGradient(candidate, candidateGradient);
            if (Double.isFinite(candidateValue) && candidateValue <= value + ARMIJO * stepSize * slope) {
                remember(candidate, candidateGradient);
                System.arraycopy(candidate, 0, x, 0, x.length);
                System.arraycopy(candidateGradient, 0, gradient, 0, x.length);
                value = candidateValue;
                return true;
            }
            stepSize *= BACKTRACK;
        }
        return false;
    }

    private void remember(double[] next, double[] nextGradient) {
        double[] s = new double[x.length];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = next[i] - x[i];
            y[i] = nextGradient[i] - gradient[i];
        }
        if (dot(s, y) > 1e-12 * dot(y, y)) {
            steps.addLast(s);
            gradientChanges.addLast(y);
            if (steps.size() > history) {
                steps.removeFirst();
                gradientChanges.removeFirst();
            }
        }
    }

    /** Computes {@code -H * gradient} with the two-loop recursion. */
    private double[] direction() {
        double[] q = gradient.clone();
        int m = steps.size();
        double[][] s = steps.toArray(new double[0][]);
        double[][] y = gradientChanges.toArray(new double[0][]);
        double[] alpha = new double[m];
        double[] rho = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            rho[i] = 1.0 / dot(y[i], s[i]);
            alpha[i] = rho[i] * dot(s[i], q);
            axpy(-alpha[i], y[i], q);
        }
        if (m > 0) {
            double gamma = dot(s[m - 1], y[m - 1]) / dot(y[m - 1], y[m - 1]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int i = 0; i < m; i++) {
            double beta = rho[i] * dot(y[i], q);
            axpy(alpha[i] - beta, s[i], q);
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = -q[i];
        }
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double factor, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += factor * x[i];
        }
    }
}
