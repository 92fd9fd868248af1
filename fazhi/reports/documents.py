"""The annual report as an official .docx (GB/T 9704: A4, 37/35/28/26 mm margins, 22 lines
of 28 characters in 3号仿宋, the title in 2号小标宋, 一、 in 黑体, （一） in 楷体, 1. and （1）
in 仿宋, page numbers "— 1 —"), from a Word template the office can edit and upload
(core.doctemplates), and as .pdf through LibreOffice when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fazhi.core import doctemplates
from fazhi.core.documents import OfficialDocument

ANNUAL = "reports.annual"
LEVELS = {"h1": 1, "h2": 2, "p": 0}


def default_template() -> bytes:
    doc = OfficialDocument()
    doc.title("{{ 标题 }}")
    doc.paragraph("{%p for 段 in 正文 %}", indent=False)
    doc.paragraph("{%p if 段.级别 == 1 %}", indent=False)
    doc.heading("{{ 段.文字 }}", level=1)
    doc.paragraph("{%p elif 段.级别 == 2 %}", indent=False)
    doc.heading("{{ 段.文字 }}", level=2)
    doc.paragraph("{%p else %}", indent=False)
    doc.paragraph("{{ 段.文字 }}")
    doc.paragraph("{%p endif %}", indent=False)
    doc.paragraph("{%p endfor %}", indent=False)
    doc.paragraph("")
    doc.paragraph("{{ 机关 }}", indent=False, align="right")
    doc.paragraph("{{ 成文日期 }}", indent=False, align="right")
    return doc.save()


def _sample() -> dict:
    return {
        "标题": "某单位2026年法治政府建设年度报告",
        "年度": 2026,
        "机关": "某单位",
        "成文日期": "2027年2月20日",
        "正文": [
            {"级别": 1, "文字": "一、主要举措和成效"},
            {"级别": 2, "文字": "（一）加强组织领导"},
            {"级别": 0, "文字": "正文段落。"},
        ],
    }


def text_of(block: dict, figures: dict) -> str:
    return "".join(
        p if isinstance(p, str) else figures[p["fig"]]["value"] for p in block["parts"]
    )


def context(year: int, blocks: list[dict], figures: dict, day) -> dict:
    title = next(text_of(b, figures) for b in blocks if b["kind"] == "title")
    body = []
    for block in blocks:
        if block["kind"] not in LEVELS:
            continue
        body.append({"级别": LEVELS[block["kind"]], "文字": text_of(block, figures)})
    return {
        "标题": title,
        "年度": year,
        "机关": settings.FAZHI_OFFICE_NAME,
        "成文日期": OfficialDocument.date(day) if day else "",
        "正文": body,
    }


def report_docx(ctx: dict) -> bytes:
    return doctemplates.render(ANNUAL, ctx)


def soffice() -> str | None:
    return shutil.which(settings.FAZHI_SOFFICE)


class PdfUnavailable(Exception):
    pass


# Where the official fonts are missing (a Linux server has no 仿宋_GB2312), LibreOffice
# is told the nearest free ones: serif for 仿宋/楷体/小标宋, sans for 黑体 (GB/T 9704
# fallbacks; an office that installs the real fonts gets them, they come first).
FALLBACKS = {
    "仿宋": ["FangSong", "仿宋_GB2312", "Noto Serif CJK SC"],
    "楷体": ["KaiTi", "楷体_GB2312", "Noto Serif CJK SC"],
    "方正小标宋简体": ["FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"],
    "宋体": ["SimSun", "Noto Serif CJK SC"],
    "黑体": ["SimHei", "Noto Sans CJK SC"],
}


def _fonts_conf() -> str:
    aliases = "".join(
        f'<alias binding="same"><family>{name}</family><prefer>'
        + "".join(f"<family>{f}</family>" for f in prefer)
        + "</prefer></alias>"
        for name, prefer in FALLBACKS.items()
    )
    return (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{aliases}</fontconfig>"
    )


def to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    """The .docx converted by LibreOffice (headless, a private profile per call so that
    several workers can convert at once)."""
    exe = soffice()
    if exe is None:
        raise PdfUnavailable
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx)
        profile = Path(tmp) / "profile"
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(_fonts_conf(), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
        try:
            subprocess.run(  # noqa: S603 — our own file and the configured soffice
                [
                    exe,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                check=True,
                capture_output=True,
                timeout=timeout,
                env=env,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise PdfUnavailable from exc
        out = Path(tmp) / "report.pdf"
        if not out.exists():
            raise PdfUnavailable
        return out.read_bytes()


doctemplates.register(
    doctemplates.Kind(
        code=ANNUAL,
        label=lambda: _("Annual rule-of-law report (法治政府建设年度报告)"),
        build_default=default_template,
        sample=_sample,
        fields={
            "标题 / 年度 / 机关 / 成文日期": "报告标题、所报告的年度、报告机关、成文日期",
            "正文": (
                "正文各段（循环）：段.级别 为 1（一级标题“一、”，黑体）、"
                "2（二级标题“（一）”，楷体）或 0（正文，仿宋）；段.文字 为该段文字"
            ),
        },
        required=("标题", "正文"),
    )
)
