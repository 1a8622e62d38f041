"""The CJK font every paper is set in: Noto Sans SC, from the registry package `pylopdf-fonts-zh-cn`.

The package ships the font file itself (an OpenType font with CFF outlines, SIL OFL 1.1) and nothing we
run; fpdf2 embeds it as a subset (docs/papers.md, The font).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

FAMILY = "NotoSansSC"
PACKAGE = "pylopdf_fonts_zh_cn"
FILE = "NotoSansSC-Regular.otf"


def font_path() -> Path:
    path = Path(str(resources.files(PACKAGE).joinpath(FILE)))
    if not path.is_file():
        raise FileNotFoundError(f"{FILE} is missing from the {PACKAGE} package: reinstall requirements.txt")
    return path
