// Turns a drawing into a digit the way MNIST prepared its digits: the ink's bounding box is scaled (keeping its
// aspect ratio, with area averaging, which anti-aliases) to fit a 20x20 box, and placed in a 28x28 field so that the
// ink's centre of mass sits at the field's centre. Ink is white on black, as in MNIST; values are 0..255.
"use strict";

const MnistImage = (() => {
  const FIELD = 28;
  const BOX = 20;

  // Ink per pixel in [0, 1]: the mean of the red, green and blue channels (the pad draws white on black).
  function inkOf(imageData) {
    const { data, width, height } = imageData;
    const ink = new Float32Array(width * height);
    for (let i = 0; i < ink.length; i++) {
      ink[i] = (data[4 * i] + data[4 * i + 1] + data[4 * i + 2]) / (3 * 255);
    }
    return ink;
  }

  // The smallest rectangle holding every inked pixel, or null for an empty drawing.
  function boundingBox(ink, width, height) {
    let left = width, right = -1, top = height, bottom = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (ink[y * width + x] > 0) {
          if (x < left) left = x;
          if (x > right) right = x;
          if (y < top) top = y;
          if (y > bottom) bottom = y;
        }
      }
    }
    return right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
  }

  // Resamples `count` lines of `length` values each (read at `start + line * lineStride + i * step`) to `newLength`
  // values by area: each output value is the mean of the input over the interval it covers.
  function resampleLines(src, start, lineStride, step, count, length, newLength, dst, dstLineStride, dstStep) {
    const ratio = length / newLength;
    for (let line = 0; line < count; line++) {
      for (let j = 0; j < newLength; j++) {
        const from = j * ratio, to = (j + 1) * ratio;
        let sum = 0;
        for (let i = Math.floor(from); i < Math.min(Math.ceil(to), length); i++) {
          const overlap = Math.min(to, i + 1) - Math.max(from, i);
          if (overlap > 0) sum += overlap * src[start + line * lineStride + i * step];
        }
        dst[line * dstLineStride + j * dstStep] = sum / ratio;
      }
    }
  }

  // The crop of `ink` given by `box`, scaled to width x height (area averaging, rows then columns).
  function scaleCrop(ink, inkWidth, box, width, height) {
    const rows = new Float32Array(box.height * width);
    resampleLines(ink, box.top * inkWidth + box.left, inkWidth, 1, box.height, box.width, width, rows, width, 1);
    const scaled = new Float32Array(width * height);
    resampleLines(rows, 0, 1, width, width, box.height, height, scaled, 1, width);
    return scaled;
  }

  // 784 values 0..255 (row-major 28x28, white ink on black) from a canvas, or null when nothing is drawn.
  function fromCanvas(canvas) {
    const image = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    const ink = inkOf(image);
    const box = boundingBox(ink, image.width, image.height);
    if (box === null) return null;

    const scale = BOX / Math.max(box.width, box.height);
    const width = Math.max(1, Math.min(BOX, Math.round(box.width * scale)));
    const height = Math.max(1, Math.min(BOX, Math.round(box.height * scale)));
    const digit = scaleCrop(ink, image.width, box, width, height);

    // Centre of mass of the scaled digit, in pixel-centre coordinates.
    let mass = 0, mx = 0, my = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = digit[y * width + x];
        mass += v;
        mx += v * (x + 0.5);
        my += v * (y + 0.5);
      }
    }
    const clamp = (v, max) => Math.max(0, Math.min(max, v));
    const left = clamp(Math.round(FIELD / 2 - mx / mass), FIELD - width);
    const top = clamp(Math.round(FIELD / 2 - my / mass), FIELD - height);

    const pixels = new Array(FIELD * FIELD).fill(0);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        pixels[(top + y) * FIELD + left + x] = Math.round(255 * Math.min(1, digit[y * width + x]));
      }
    }
    return pixels;
  }

  return { FIELD, BOX, fromCanvas };
})();
