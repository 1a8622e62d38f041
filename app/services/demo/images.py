"""The demo's pictures, drawn with Pillow: signatures as a phone's pad saves them, photos as a phone keeps them.

Deterministic: each picture is drawn from a `random.Random(seed)` of its own, and encoded with fixed settings
and no metadata, so the same seed gives the same bytes (and SHA-256) on every run with the pinned Pillow.
- `signature_png`: ink strokes on a transparent ground, one flourish per character of the name, as the
  phone's signature pad (pwa/src/components/attachments/SignaturePad.vue) gives them;
- `photo_jpeg`: a 1,600 × 1,200 photo as the phone keeps it after downscaling (long side ≤ 1,600 px, JPEG,
  no EXIF): a building's wall (`scene`) or a paper on a desk (`evidence`), with a camera's grain so it
  weighs what a photo weighs (about 100–200 KB).
"""
from __future__ import annotations

import io
import random

from PIL import Image, ImageChops, ImageDraw

SIGNATURE_SIZE = (600, 220)
PHOTO_SIZE = (1600, 1200)
SKETCH = (800, 600)  # the subject is drawn at this size, then enlarged: soft edges as a lens gives, drawn quickly
PHOTO_QUALITY = 80
GRAIN = 5  # the camera's grain: how far a pixel strays, in levels


def signature_png(seed: str, characters: int) -> bytes:
    """A handwritten-looking signature of `characters` characters: smooth strokes that run together."""
    rng = random.Random(seed)
    width, height = SIGNATURE_SIZE
    image = Image.new("LA", SIGNATURE_SIZE, (0, 0))
    pen = ImageDraw.Draw(image)
    cell = (width - 80) / max(characters, 1)
    for index in range(characters):
        left = 40 + index * cell
        for _ in range(rng.randint(2, 4)):  # a character's strokes
            points = [(left + rng.uniform(0, cell), rng.uniform(40, height - 40)) for _ in range(4)]
            pen.line(_bezier(points), fill=(20, 255), width=rng.randint(4, 6), joint="curve")
    tail = [(width - 60, height * 0.6), (width - 30, height * 0.3), (width - 90, height * 0.8),
            (width - 20, height * 0.7)]
    pen.line(_bezier(tail), fill=(20, 255), width=4, joint="curve")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _bezier(points: list[tuple[float, float]], steps: int = 32) -> list[tuple[float, float]]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    curve = []
    for step in range(steps + 1):
        t = step / steps
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
        curve.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return curve


def photo_jpeg(seed: str, kind: str) -> bytes:
    """A photo of the kind's subject: `scene` a wall with windows and a stain, otherwise a paper on a desk."""
    rng = random.Random(seed)
    image = _wall(rng) if kind == "scene" else _paper(rng)
    image = _grain(image.resize(PHOTO_SIZE, Image.Resampling.BILINEAR), rng)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return out.getvalue()


def _shade(rng: random.Random, base: tuple[int, int, int], spread: int) -> tuple[int, int, int]:
    return tuple(max(0, min(255, value + rng.randint(-spread, spread))) for value in base)


def _wall(rng: random.Random) -> Image.Image:
    """A block's wall: sky, the facade with rows of windows, a dark stain down it, the pavement."""
    width, height = SKETCH
    sky = Image.linear_gradient("L").resize(SKETCH).point(lambda v: 150 + v // 3)
    image = Image.merge("RGB", (sky.point(lambda v: v - 40), sky.point(lambda v: v - 15), sky))
    pen = ImageDraw.Draw(image)
    top = rng.randint(60, 130)
    pen.rectangle((0, top, width, height), fill=_shade(rng, (196, 182, 160), 20))
    for row in range(top + 30, height - 130, 85):
        for column in range(rng.randint(20, 45), width - 60, 105):
            pen.rectangle((column, row, column + 55, row + 60), fill=_shade(rng, (70, 82, 96), 25),
                          outline=(230, 230, 226), width=4)
    stain_x = rng.randint(150, width - 150)
    for drop in range(rng.randint(20, 30)):
        x, y = stain_x + rng.randint(-60, 60), top + 50 + drop * 11
        pen.ellipse((x - rng.randint(10, 30), y - 10, x + rng.randint(10, 30), y + 20),
                    fill=_shade(rng, (150, 132, 106), 8))
    pen.rectangle((0, height - 110, width, height), fill=_shade(rng, (110, 110, 108), 10))
    for tile in range(0, width, 80):
        pen.line((tile, height - 110, tile - 40, height), fill=(90, 90, 88), width=2)
    return image


def _paper(rng: random.Random) -> Image.Image:
    """A receipt or note photographed on a wooden desk, a little askew, with a red seal on it."""
    width, height = SKETCH
    desk = Image.new("RGB", SKETCH, _shade(rng, (150, 108, 70), 10))
    pen = ImageDraw.Draw(desk)
    for grain in range(0, height, 3):
        pen.line((0, grain, width, grain + rng.randint(-10, 10)), fill=_shade(rng, (136, 96, 60), 14), width=2)
    paper = Image.new("RGBA", (450, 500), (246, 244, 236, 255))
    ink = ImageDraw.Draw(paper)
    ink.rectangle((40, 35, 410, 60), fill=(60, 60, 64, 255))
    for line in range(95, 430, 26):
        ink.rectangle((40, line, 40 + rng.randint(190, 370), line + 9), fill=(96, 96, 104, 255))
    seal = (rng.randint(260, 320), rng.randint(350, 390))
    ink.ellipse((seal[0] - 45, seal[1] - 45, seal[0] + 45, seal[1] + 45), outline=(200, 40, 40, 255), width=5)
    paper = paper.rotate(rng.uniform(-7, 7), resample=Image.Resampling.BILINEAR, expand=True)
    desk.paste(paper, ((width - paper.width) // 2, (height - paper.height) // 2), paper)
    return desk


def _grain(image: Image.Image, rng: random.Random) -> Image.Image:
    """The sensor's noise, the same on each channel, from the picture's own generator."""
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    noise = noise.point(lambda v: 128 - GRAIN + v * 2 * GRAIN // 255)
    return ImageChops.add(image, Image.merge("RGB", (noise, noise, noise)), scale=1.0, offset=-128)
