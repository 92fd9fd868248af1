"""The annual report's draft: generated sentences with figures from the ledgers, and the
paragraphs staff write, in the statutory order (督察工作规定; regulations.md §5):

一、主要举措和成效 — organised like the reference summary (组织领导与第一责任人履职, 依法行政
与决策, 法律顾问, 学法, 普法, 政务公开, 诉求办理); 二、存在的不足和原因; 三、党政主要负责人
履行推进法治建设第一责任人职责情况; 四、下一年度主要安排 (from next year's plan); 五、其他需要
报告的情况.

The draft is a list of blocks (title, headings, paragraphs); a paragraph is a list of
parts, each plain text or a figure {"fig": key}. Every figure names its source (the
records it counts, see sources.py), so the page links each number to its records and an
approved version keeps the numbers and the records' ids as they were.
"""

from .base import ORDINALS, SLOTS, Draft
from .generate import generate

__all__ = ["ORDINALS", "SLOTS", "Draft", "generate"]
