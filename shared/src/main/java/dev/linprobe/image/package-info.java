/** Decodes image files to RGB and preprocesses them into normalised float tensors for the feature extractor. */
package dev.linprobe.image;
