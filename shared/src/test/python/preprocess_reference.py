#!/usr/bin/python3
"""Write the Pillow reference fixtures that the Java preprocessing tests compare against.

For each test image this applies what torchvision's Resize(256) and CenterCrop(224) do on a
PIL image: convert("RGB"), resize so the shorter side is 256 with Image.BILINEAR (the longer
side is int(256 * long / short)), then crop with top = int(round((h - 224) / 2.0)). The
crop is saved as raw uint8 HWC bytes, gzipped. For one image the script also saves the
float32 CHW tensor after ToTensor and Normalize with the ImageNet mean and std.

For the decoder tests it saves what Pillow's convert("RGB") returns for whole images (no
resize), as "<width>x<height>" in the file name followed by raw uint8 HWC bytes, gzipped. It
also writes small BMP, gray+alpha PNG, progressive and CMYK JPEG files made from skimage
images, because the fetched test data has none of those.

Run it with Debian's interpreter (apt-get install python3-pil python3-numpy), from the
repository root, after `bash infra/fetch-test-images.sh`:

    /usr/bin/python3 shared/src/test/python/preprocess_reference.py
"""

import gzip
import io
import pathlib
import sys

import numpy as np
import PIL
from PIL import Image

REPO = pathlib.Path(__file__).resolve().parents[4]
TEST_DATA = REPO / ".linprobe" / "test-data"
OUT = REPO / "shared" / "src" / "test" / "resources" / "preprocess"

RESIZE = 256
CROP = 224
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)

# Fixture name and source image, relative to .linprobe/test-data unless it starts with "fixture:".
IMAGES = {
    "coffee": "skimage/coffee.png",  # RGB, downscale 600x400
    "camera": "skimage/camera.png",  # grayscale, downscale 512x512
    "palette_color": "skimage/palette_color.png",  # palette, upscale 10x10
    "horse": "skimage/horse.png",  # RGBA, alpha dropped
    "china": "sklearn/china.jpg",  # JPEG, odd resized width 383
    "gray28": "fixture:gray28.png",  # 28x28 grayscale, upscale like Fashion-MNIST
}


def resized_size(width, height, size):
    """Return torchvision's output size for Resize(size) with an int size."""
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = size, int(size * long / short)
    return (new_short, new_long) if width <= height else (new_long, new_short)


def reference_crop(path):
    """Return the uint8 HWC center crop that torchvision produces from the file at path."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
    width, height = resized_size(rgb.width, rgb.height, RESIZE)
    resized = rgb.resize((width, height), Image.BILINEAR)
    top = int(round((height - CROP) / 2.0))
    left = int(round((width - CROP) / 2.0))
    crop = resized.crop((left, top, left + CROP, top + CROP))
    return np.asarray(crop, dtype=np.uint8)


# Images whose whole decoded RGB is saved: name and source, as in IMAGES.
DECODED = {
    "palette_color": "skimage/palette_color.png",  # palette
    "palette_transparent": "skimage/foo3x5x4indexed.png",  # palette with a tRNS chunk
    "green_palette": "skimage/green_palette.png",  # palette, larger
    "horse": "skimage/horse.png",  # RGBA
    "gif_first_frame": "skimage/no_time_for_that_tiny.gif",  # animated GIF, 24 frames
    "camera_gray_alpha": "fixture:camera_gray_alpha.png",  # gray + alpha
    "coffee_bmp24": "fixture:coffee_bmp24.bmp",  # 24-bit BMP
    "coffee_bmp8": "fixture:coffee_bmp8.bmp",  # 8-bit palette BMP
    "coffee_progressive": "fixture:coffee_progressive.jpg",  # progressive JPEG
    "coffee_cmyk": "fixture:coffee_cmyk.jpg",  # Adobe CMYK JPEG
}


def write_gzip(path, data):
    # mtime=0 keeps the bytes identical between runs, so regenerating adds no git noise.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(data)


def write_gray28():
    """Save a 28x28 grayscale PNG made from skimage's camera.png, sized like a Fashion-MNIST item."""
    with Image.open(TEST_DATA / "skimage" / "camera.png") as camera:
        small = camera.convert("L").resize((28, 28), Image.LANCZOS)
    small.save(OUT / "gray28.png", optimize=True)


def write_format_samples():
    """Save small progressive and CMYK JPEGs, BMPs and a gray+alpha PNG made from skimage images."""
    with Image.open(TEST_DATA / "skimage" / "coffee.png") as coffee:
        small = coffee.convert("RGB").resize((120, 80), Image.BILINEAR)
    small.save(OUT / "coffee_progressive.jpg", quality=90, progressive=True)
    small.convert("CMYK").save(OUT / "coffee_cmyk.jpg", quality=90)
    tiny = small.resize((60, 40), Image.BILINEAR)
    tiny.save(OUT / "coffee_bmp24.bmp")
    tiny.quantize(colors=64).save(OUT / "coffee_bmp8.bmp")

    with Image.open(TEST_DATA / "skimage" / "camera.png") as camera:
        gray = camera.convert("L").resize((40, 40), Image.BILINEAR)
    # Alpha rises from left to right, so a decoder that composites would change most pixels.
    alpha = Image.fromarray(np.tile(np.linspace(0, 255, 40).astype(np.uint8), (40, 1)), "L")
    Image.merge("LA", (gray, alpha)).save(OUT / "camera_gray_alpha.png")


def source_path(source):
    if source.startswith("fixture:"):
        return OUT / source[len("fixture:"):]
    path = TEST_DATA / source
    if not path.exists():
        sys.exit(f"missing {path}: run `bash infra/fetch-test-images.sh` first")
    return path


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write_gray28()
    write_format_samples()
    for old in OUT.glob("*.rgb.gz"):
        old.unlink()
    for name, source in DECODED.items():
        with Image.open(source_path(source)) as image:
            pixels = np.asarray(image.convert("RGB"), dtype=np.uint8)
        height, width = pixels.shape[:2]
        write_gzip(OUT / f"decoded_{name}_{width}x{height}.rgb.gz", pixels.tobytes())
    for name, source in IMAGES.items():
        crop = reference_crop(source_path(source))
        write_gzip(OUT / f"crop_{name}.rgb.gz", crop.tobytes())
        if name == "coffee":
            # Same arithmetic as ToTensor (float32 divide by 255) and Normalize (float32 sub, div).
            tensor = crop.astype(np.float32).transpose(2, 0, 1) / np.float32(255)
            tensor = (tensor - MEAN[:, None, None]) / STD[:, None, None]
            write_gzip(OUT / f"tensor_{name}.f32.gz", tensor.astype("<f4").tobytes())
    print(f"Pillow {PIL.__version__}, numpy {np.__version__}: wrote fixtures to {OUT}")


if __name__ == "__main__":
    main()
