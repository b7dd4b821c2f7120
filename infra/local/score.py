#!/usr/bin/env python3
"""Check a predictions CSV against the true labels and print the accuracy.

  score.py PREDICTIONS TRUTH MIN_ACCURACY

Both files have the header id,Label. Exits with 1 when the CSV is malformed (another header,
an id missing, extra or out of order, a label that is no class of TRUTH) or when the accuracy
is below MIN_ACCURACY.
"""

import csv
import sys


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    predictions_path, truth_path, min_accuracy = sys.argv[1], sys.argv[2], float(sys.argv[3])
    header, predicted = read(predictions_path)
    _, truth = read(truth_path)
    errors = []
    if header != ["id", "Label"]:
        errors.append(f"header is {header}, expected ['id', 'Label']")
    ids = [row[0] for row in predicted]
    if ids != sorted(ids):
        errors.append("ids are not sorted")
    expected = dict(truth)
    if set(ids) != set(expected) or len(ids) != len(expected):
        errors.append(f"{len(ids)} rows for {len(expected)} images: "
                      f"missing {sorted(set(expected) - set(ids))[:5]}, extra {sorted(set(ids) - set(expected))[:5]}")
    classes = set(expected.values())
    unknown = sorted({row[1] for row in predicted if row[1] not in classes})
    if unknown:
        errors.append(f"labels that are no class: {unknown}")
    for error in errors:
        print(f"score.py: error: {predictions_path}: {error}", file=sys.stderr)
    if errors:
        sys.exit(1)

    correct = sum(1 for image_id, label in predicted if expected[image_id] == label)
    accuracy = correct / len(predicted)
    print(f"Held-out accuracy: {accuracy:.4f} ({correct} of {len(predicted)} images right)")
    if accuracy < min_accuracy:
        print(f"score.py: error: accuracy {accuracy:.4f} is below the minimum {min_accuracy}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
