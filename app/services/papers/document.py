"""The page furniture every paper shares: A4, the CJK font, titles, field tables, text, signature and seal boxes."""
from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from app.services.papers.font import FAMILY, document_font
from app.services.papers.images import PaperImage
from sync.clock import local_datetime

BODY = 11
LINE = 7
BLANK = "＿＿＿＿＿＿"
SIGNATURE_BOX = (46.0, 18.0)
SEAL_DIAMETER = 38.0


def day(value: date | datetime | None) -> str:
    """2026年11月1日; a stored timestamp is read on Beijing's calendar; nothing gives a blank to fill by hand."""
    if value is None:
        return "    年  月  日"
    if isinstance(value, datetime):
        value = local_datetime(value)
    return f"{value.year}年{value.month}月{value.day}日"


def moment(value: datetime | None) -> str:
    """2026年11月1日 9时30分, Beijing time."""
    if value is None:
        return "    年  月  日  时  分"
    local = local_datetime(value)
    return f"{day(local.date())} {local.hour}时{local.minute:02d}分"


def text(value: object) -> str:
    return BLANK if value in (None, "") else str(value)


class PaperPdf(FPDF):
    """One PDF: a single paper, or the whole dossier. Pages after the first carry their number."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        font = document_font(len(self.fonts) + 1)  # as `add_font` would, without parsing the font again
        self.fonts[FAMILY.lower()] = font
        if font.is_cff and font.is_cid_keyed:
            self._set_min_pdf_version("1.6")
        self.set_font(FAMILY, size=BODY)
        self.set_title(title)
        self.set_creator("调解通 Tiaojie")
        self.set_lang("zh-CN")
        self.number_pages_from = 1

    def footer(self) -> None:
        if self.page_no() < self.number_pages_from:
            return
        self.set_y(-14)
        self.set_font(FAMILY, size=9)
        self.cell(0, 6, f"第 {self.page_no()} 页", align="C")
        self.set_font(FAMILY, size=BODY)

    def new_page(self) -> None:
        """A new page, unless the current one is still untouched (the cursor at its top: nothing drawn yet),
        as the page the 卷内目录's placeholder leaves behind it."""
        if self.page == 0 or self.get_y() > self.t_margin:
            self.add_page()

    def paper_title(self, title: str, *, number: str | None = None, section: str | None = None) -> None:
        """A paper's first lines, on a new page, entered in the outline the 卷内目录 is made from."""
        self.new_page()
        self.start_section(section or title)
        self.set_font(FAMILY, size=20)
        self.cell(0, 14, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, size=BODY)
        if number:
            self.cell(0, LINE, number, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def heading(self, label: str) -> None:
        self.ln(2)
        self.set_font(FAMILY, size=13)
        self.cell(0, LINE + 1, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, size=BODY)

    def paragraph(self, body: str | None, *, indent: bool = True) -> None:
        lines = (body or BLANK).splitlines() or [BLANK]
        for line in lines:
            self.multi_cell(0, LINE, ("　　" if indent else "") + line.strip(), wrapmode=WrapMode.CHAR,
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def fields(self, rows: Sequence[Sequence[tuple[str, object]]], widths: Sequence[float] = (28, 57, 28, 57)) -> None:
        """A bordered form: each row is label/value pairs; a row with fewer pairs spans the width."""
        with self.table(col_widths=widths, first_row_as_headings=False, text_align="LEFT",
                        wrapmode=WrapMode.CHAR, line_height=LINE, padding=1.5) as table:
            for pairs in rows:
                row = table.row()
                span = len(widths) // 2 // len(pairs)
                for label, value in pairs:
                    row.cell(label)
                    row.cell(text(value), colspan=span * 2 - 1)

    def signatures(self, label: str, signers: Sequence[tuple[str, list[PaperImage]]],
                   when: date | datetime | None = None) -> None:
        """A box per signer (签名或指印), with their signature or fingerprint images placed inside."""
        width, height = SIGNATURE_BOX
        self.ln(3)
        for name, images in signers:
            if self.will_page_break(height + 4):
                self.add_page()
            y = self.get_y()
            self.cell(72, height, f"{label}：{name}", new_x=XPos.RIGHT, new_y=YPos.TOP)
            x = self.get_x()
            self.set_draw_color(120)
            self.rect(x, y, width, height)
            self._place(images, x, y, width, height)
            if when is not None:
                self.set_xy(x + width + 4, y)
                self.cell(0, height, day(when))
            self.set_xy(self.l_margin, y + height + 3)

    def _place(self, images: list[PaperImage], x: float, y: float, width: float, height: float) -> None:
        """Images side by side inside the box, each scaled to fit its share."""
        if not images:
            return
        share = width / len(images)
        for index, image in enumerate(images):
            self.image(io.BytesIO(image.data), x=x + index * share + 1, y=y + 1, w=share - 2, h=height - 2,
                       keep_aspect_ratio=True)

    def seal(self, committee: str, when: date | datetime | None) -> None:
        """The committee's seal is stamped on paper: a dashed circle marks where, beside its name and the date."""
        if self.will_page_break(SEAL_DIAMETER + 6):
            self.add_page()
        y = self.get_y() + 2
        x = self.w - self.r_margin - SEAL_DIAMETER - 10
        with self.local_context():
            self.set_dash_pattern(dash=1.5, gap=1.5)
            self.set_draw_color(150)
            self.circle(x + SEAL_DIAMETER / 2, y + SEAL_DIAMETER / 2, SEAL_DIAMETER / 2)
        self.set_xy(x - 40, y + SEAL_DIAMETER / 2 - LINE)
        self.cell(SEAL_DIAMETER + 50, LINE, f"{committee}（印章）", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_x(x - 40)
        self.cell(SEAL_DIAMETER + 50, LINE, day(when), align="C")
        self.set_xy(self.l_margin, y + SEAL_DIAMETER + 4)
