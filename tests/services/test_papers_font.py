"""The papers' font is the registry package's Noto Sans SC, whole: a young package is checked, not trusted."""
from fontTools.ttLib import TTFont

from app.services.papers.font import font_path


def test_the_font_is_noto_sans_sc_2_004_with_every_common_hanzi():
    font = TTFont(font_path(), lazy=True)
    names = {record.nameID: record.toUnicode() for record in font["name"].names if record.platformID == 3}
    assert names[1] == "Noto Sans SC"
    assert names[5].startswith("Version 2.004")
    cmap = font.getBestCmap()
    assert all(ord(char) in cmap for char in "人民调解协议书卷宗槐荫兴福")
    assert sum(0x4E00 <= code <= 0x9FFF for code in cmap) > 20000
