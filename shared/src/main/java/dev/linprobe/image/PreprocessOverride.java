package dev.linprobe.image;

/**
 * Replacements for some fields of a {@link PreprocessSpec}; a null field keeps the base value.
 *
 * @param resizeShorter shorter side after resizing, or null
 * @param cropSize side of the center crop, or null
 * @param mean channel means, or null
 * @param std channel standard deviations, or null
 */
public record PreprocessOverride(Integer resizeShorter, Integer cropSize, float[] mean, float[] std) {

    /** Keeps every base value. */
    public static final PreprocessOverride NONE = new PreprocessOverride(null, null, null, null);

    /** Returns whether any field replaces a base value. */
    public boolean isEmpty() {
        return resizeShorter == null && cropSize == null && mean == null && std == null;
    }

    /**
     * Returns {@code base} with the non-null fields replaced.
     *
     * @throws IllegalArgumentException when the result is not a valid spec, such as a crop larger than the resize
     */
    public PreprocessSpec apply(PreprocessSpec base) {
        return new PreprocessSpec(
                resizeShorter != null ? resizeShorter : base.resizeShorter(),
                cropSize != null ? cropSize : base.cropSize(),
                mean != null ? mean : base.mean(),
                std != null ? std : base.std());
    }
}
