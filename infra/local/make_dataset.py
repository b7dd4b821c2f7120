#!/usr/bin/env python3
"""Write a small Fashion-MNIST sample as PNG files, with the standard library only.

Reads the four gzip-compressed IDX files (by default from the Debian package
dataset-fashion-mnist) and writes into OUTPUT:

  train/<class folder>/train-NNNNNN.png   labelled images, one folder per class
  train-late/<class folder>/...           labelled images uploaded after the first extraction
  labels.csv                              id,Label for both train folders
  predict/test-NNNNNN.png                 images to classify
  predict-truth.csv                       id,Label of the images to classify

NNNNNN is the index in the 60,000 training or 10,000 test images, and an id is the file
name without ".png". A class folder is the class name with "/" replaced by "-", so
"Ankle boot" keeps its space and S3 notifications encode it as "Ankle+boot".
The same seed and counts always select the same images.
"""

import argparse
import csv
import gzip
import os
import random
import struct
import sys
import zlib

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049


def read_images(path):
    """Return (count, rows, columns, pixel bytes) of an IDX3 image file."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count, rows, columns = struct.unpack(">IIII", data[:16])
    if magic != IMAGES_MAGIC or len(data) != 16 + count * rows * columns:
        raise ValueError(f"{path} is not an IDX image file: magic {magic}, {len(data)} bytes")
    return count, rows, columns, data[16:]


def read_labels(path):
    """Return the label bytes of an IDX1 label file."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic != LABELS_MAGIC or len(data) != 8 + count:
        raise ValueError(f"{path} is not an IDX label file: magic {magic}, {len(data)} bytes")
    return data[8:]


def png_chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def write_png(path, pixels, rows, columns):
    """Write 8-bit grayscale pixels as a PNG: each row gets filter type 0 (none)."""
    raw = b"".join(b"\x00" + pixels[r * columns:(r + 1) * columns] for r in range(rows))
    header = struct.pack(">IIBBBBB", columns, rows, 8, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", header))
        f.write(png_chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(png_chunk(b"IEND", b""))


def class_folder(label):
    return CLASS_NAMES[label].replace("/", "-")


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "Label"])
        writer.writerows(sorted(rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", help="folder to write into; it must not exist yet or be empty")
    parser.add_argument("--source", default="/usr/share/datasets/fashion-mnist",
                        help="folder with the four .gz files (default: %(default)s)")
    parser.add_argument("--train-count", type=int, default=500, help="labelled images (default: %(default)s)")
    parser.add_argument("--late-count", type=int, default=3,
                        help="labelled images of the class 'Ankle boot' moved to train-late/ (default: %(default)s)")
    parser.add_argument("--predict-count", type=int, default=200, help="images to classify (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the sample (default: %(default)s)")
    args = parser.parse_args()

    if os.path.isdir(args.output) and os.listdir(args.output):
        sys.exit(f"make_dataset.py: error: {args.output} is not empty: choose a new folder")
    rng = random.Random(args.seed)

    count, rows, columns, pixels = read_images(os.path.join(args.source, "train-images-idx3-ubyte.gz"))
    labels = read_labels(os.path.join(args.source, "train-labels-idx1-ubyte.gz"))
    if not 1 <= args.train_count <= count:
        sys.exit(f"make_dataset.py: error: --train-count must be between 1 and {count}, found {args.train_count}")
    chosen = sorted(rng.sample(range(count), args.train_count))
    ankle_boot = CLASS_NAMES.index("Ankle boot")
    late = set([i for i in chosen if labels[i] == ankle_boot][:args.late_count])
    if len(late) < args.late_count:
        sys.exit(f"make_dataset.py: error: the sample has only {len(late)} 'Ankle boot' images, "
                 f"fewer than --late-count {args.late_count}: raise --train-count")

    size = rows * columns
    label_rows = []
    for index in chosen:
        folder = os.path.join(args.output, "train-late" if index in late else "train", class_folder(labels[index]))
        os.makedirs(folder, exist_ok=True)
        image_id = f"train-{index:06d}"
        write_png(os.path.join(folder, image_id + ".png"), pixels[index * size:(index + 1) * size], rows, columns)
        label_rows.append((image_id, CLASS_NAMES[labels[index]]))
    write_csv(os.path.join(args.output, "labels.csv"), label_rows)

    count, rows, columns, pixels = read_images(os.path.join(args.source, "t10k-images-idx3-ubyte.gz"))
    labels = read_labels(os.path.join(args.source, "t10k-labels-idx1-ubyte.gz"))
    if not 1 <= args.predict_count <= count:
        sys.exit(f"make_dataset.py: error: --predict-count must be between 1 and {count}, found {args.predict_count}")
    folder = os.path.join(args.output, "predict")
    os.makedirs(folder, exist_ok=True)
    truth_rows = []
    for index in sorted(rng.sample(range(count), args.predict_count)):
        image_id = f"test-{index:06d}"
        write_png(os.path.join(folder, image_id + ".png"), pixels[index * size:(index + 1) * size], rows, columns)
        truth_rows.append((image_id, CLASS_NAMES[labels[index]]))
    write_csv(os.path.join(args.output, "predict-truth.csv"), truth_rows)

    print(f"Wrote {args.train_count} labelled images ({len(late)} of them in train-late/) and "
          f"{args.predict_count} images to classify into {args.output}")


if __name__ == "__main__":
    main()
