"""The meeting's minutes (会议记录) as an official .docx: who was due, present, absent and
sitting in; each item with its legality review, each member's stated view in the order
spoken, the vote and the decision."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from fazhi.core.documents import OfficialDocument

from .models import Meeting
from .services import cleared_by_review


def minutes_docx(meeting: Meeting) -> bytes:
    with translation.override("zh-hans"):
        doc = OfficialDocument()
        doc.title(
            f"{settings.FAZHI_OFFICE_NAME}{meeting.get_kind_display()}{meeting.number}会议记录"
        )
        due = list(meeting.members_due.order_by("department__order", "username"))
        present = set(meeting.present.all())
        absent = [m for m in due if m not in present]
        doc.paragraph(f"时间：{doc.date(meeting.date)}", indent=False)
        doc.paragraph(f"地点：{meeting.place or '—'}", indent=False)
        doc.paragraph(f"主持人：{meeting.chair}", indent=False)
        doc.paragraph(
            f"应到会成员（{len(due)}人）：{'、'.join(str(m) for m in due)}",
            indent=False,
        )
        doc.paragraph(
            f"实到会成员（{len(present)}人）："
            f"{'、'.join(str(m) for m in due if m in present) or '—'}",
            indent=False,
        )
        doc.paragraph(
            f"缺席：{'、'.join(str(m) for m in absent) or '无'}", indent=False
        )
        doc.paragraph(f"列席：{meeting.sitting_in or '无'}", indent=False)
        doc.paragraph(f"记录人：{meeting.recorder or '—'}", indent=False)
        numerals = "一二三四五六七八九十"
        for n, item in enumerate(
            meeting.items.select_related("matter__department").prefetch_related(
                "opinions__member", "recused"
            ),
            start=1,
        ):
            matter = item.matter
            label = numerals[n - 1] if n <= 10 else str(n)
            doc.heading(f"{label}、{matter.title}")
            doc.paragraph(
                f"事项类别：{matter.get_category_display()}"
                f"{'（重大行政决策）' if matter.major_decision else ''}；"
                f"承办科室：{matter.department}"
                + (
                    f"；金额：{matter.amount:,.2f}元"
                    if matter.amount is not None
                    else ""
                )
                + "。"
            )
            review = cleared_by_review(matter)
            if review:
                doc.paragraph(
                    f"合法性审查：{review.counsel}于{doc.date(review.opinion_on)}出具"
                    f"“{review.get_outcome_display()}”的审查意见。"
                )
            recused = list(item.recused.all())
            if recused:
                doc.paragraph(f"回避：{'、'.join(str(m) for m in recused)}。")
            if not item.result:
                doc.paragraph("未表决。")
                continue
            doc.paragraph(
                f"表决方式：{item.get_method_display()}。各成员按发言顺序表态："
            )
            rows = [["序号", "成员", "表态", "发表意见"]] + [
                [str(o.order), str(o.member), o.get_position_display(), o.remark or ""]
                for o in item.opinions.all()
            ]
            doc.table(rows, [14, 30, 22, 90])
            doc.paragraph(
                f"表决结果：同意{item.yes}票，不同意{item.no}票，弃权{item.abstain}票；"
                f"应到会成员{len(due)}人，{item.get_result_display()}。"
            )
            if item.decision:
                doc.paragraph(f"会议决定：{item.decision}")
        doc.paragraph("")
        doc.paragraph(
            f"记录人：{meeting.recorder or '　　　　'}", indent=False, align="right"
        )
        doc.paragraph("主持人签字：　　　　", indent=False, align="right")
        return doc.save()
