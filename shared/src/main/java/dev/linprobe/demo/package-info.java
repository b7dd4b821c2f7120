/** Builds a small labelled demo data set of PNG images from Fashion-MNIST and scores predictions on its held-out part. */
package dev.linprobe.demo;
