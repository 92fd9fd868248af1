"""The meeting's minutes (会议记录) as an official .docx, from a Word template the office
can edit (DESIGN §3.6): who was due, present, absent and sitting in; each item with its
legality review, each member's stated view in the order spoken, the vote and the decision.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fazhi.core import doctemplates
from fazhi.core.documents import OfficialDocument

from .models import Meeting
from .services import cleared_by_review

MINUTES = "decisions.minutes"
NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= len(NUMERALS) else str(n)


def _when(condition: str, *lines: str) -> list[str]:
    return [f"{{%p if {condition} %}}", *lines, "{%p endif %}"]


def default_minutes_template() -> bytes:
    """The built-in template, laid out to GB/T 9704, with a field in every variable place."""
    doc = OfficialDocument()
    doc.title("{{ 标题 }}")
    for line in (
        "时间：{{ 时间 }}",
        "地点：{{ 地点 }}",
        "主持人：{{ 主持人 }}",
        "应到会成员（{{ 应到人数 }}人）：{{ 应到会成员 }}",
        "实到会成员（{{ 实到人数 }}人）：{{ 实到会成员 }}",
        "缺席：{{ 缺席 }}",
        "列席：{{ 列席 }}",
        "记录人：{{ 记录人 }}",
        "{%p for 议题 in 议题列表 %}",
    ):
        doc.paragraph(line, indent=False)
    doc.heading("{{ 议题.序号 }}、{{ 议题.标题 }}")
    doc.paragraph("{{ 议题.事项说明 }}")
    for line in _when("议题.合法性审查", "合法性审查：{{ 议题.合法性审查 }}") + _when(
        "议题.回避", "回避：{{ 议题.回避 }}。"
    ):
        doc.paragraph(line, indent=not line.startswith("{%"))
    doc.paragraph("{%p if 议题.已表决 %}", indent=False)
    doc.paragraph("表决方式：{{ 议题.表决方式 }}。各成员按发言顺序表态：")
    doc.table(
        [
            ["序号", "成员", "表态", "发表意见"],
            ["{%tr for 表态 in 议题.表态列表 %}", "", "", ""],
            [
                "{{ 表态.序号 }}",
                "{{ 表态.成员 }}",
                "{{ 表态.表态 }}",
                "{{ 表态.意见 }}",
            ],
            ["{%tr endfor %}", "", "", ""],
        ],
        [14, 30, 22, 90],
    )
    doc.paragraph("表决结果：{{ 议题.表决结果 }}")
    doc.paragraph("{%p else %}", indent=False)
    doc.paragraph("未表决。")
    doc.paragraph("{%p endif %}", indent=False)
    for line in _when("议题.会议决定", "会议决定：{{ 议题.会议决定 }}"):
        doc.paragraph(line, indent=not line.startswith("{%"))
    doc.paragraph("{%p endfor %}", indent=False)
    doc.paragraph("")
    doc.paragraph("记录人：{{ 记录人 or '　　　　' }}", indent=False, align="right")
    doc.paragraph("主持人签字：　　　　", indent=False, align="right")
    return doc.save()


def minutes_context(meeting: Meeting) -> dict:
    """Every field the minutes template may use, in Chinese (an official record)."""
    with translation.override("zh-hans"):
        due = list(meeting.members_due.order_by("department__order", "username"))
        present = set(meeting.present.all())
        absent = [m for m in due if m not in present]
        items = []
        for n, item in enumerate(
            meeting.items.select_related("matter__department").prefetch_related(
                "opinions__member", "recused"
            ),
            start=1,
        ):
            matter = item.matter
            review = cleared_by_review(matter)
            amount = (
                f"；金额：{matter.amount:,.2f}元" if matter.amount is not None else ""
            )
            items.append(
                {
                    "序号": _numeral(n),
                    "标题": matter.title,
                    "事项说明": f"事项类别：{matter.get_category_display()}"
                    f"{'（重大行政决策）' if matter.major_decision else ''}；"
                    f"承办科室：{matter.department}{amount}。",
                    "合法性审查": (
                        f"{review.counsel}于{OfficialDocument.date(review.opinion_on)}"
                        f"出具“{review.get_outcome_display()}”的审查意见。"
                        if review
                        else ""
                    ),
                    "回避": "、".join(str(m) for m in item.recused.all()),
                    "已表决": bool(item.result),
                    "表决方式": item.get_method_display() if item.result else "",
                    "表态列表": [
                        {
                            "序号": o.order,
                            "成员": str(o.member),
                            "表态": o.get_position_display(),
                            "意见": o.remark,
                        }
                        for o in item.opinions.all()
                    ],
                    "表决结果": (
                        f"同意{item.yes}票，不同意{item.no}票，弃权{item.abstain}票；"
                        f"应到会成员{len(due)}人，{item.get_result_display()}。"
                        if item.result
                        else ""
                    ),
                    "会议决定": item.decision,
                }
            )
        return {
            "标题": f"{settings.FAZHI_OFFICE_NAME}{meeting.get_kind_display()}"
            f"{meeting.number}会议记录",
            "机关": settings.FAZHI_OFFICE_NAME,
            "会议类型": meeting.get_kind_display(),
            "期数": meeting.number,
            "时间": OfficialDocument.date(meeting.date),
            "地点": meeting.place or "—",
            "主持人": str(meeting.chair),
            "应到人数": len(due),
            "应到会成员": "、".join(str(m) for m in due),
            "实到人数": len(present),
            "实到会成员": "、".join(str(m) for m in due if m in present) or "—",
            "缺席": "、".join(str(m) for m in absent) or "无",
            "列席": meeting.sitting_in or "无",
            "记录人": meeting.recorder,
            "议题列表": items,
        }


def _sample() -> dict:
    vote = {"序号": 1, "成员": "张三", "表态": "同意", "意见": ""}
    return {
        "标题": "某机关党组会议第1次会议记录",
        "机关": "某机关",
        "会议类型": "党组会议",
        "期数": "第1次",
        "时间": "2021年9月7日",
        "地点": "三楼会议室",
        "主持人": "张三",
        "应到人数": 3,
        "应到会成员": "张三、李四、王五",
        "实到人数": 3,
        "实到会成员": "张三、李四、王五",
        "缺席": "无",
        "列席": "无",
        "记录人": "孙丽",
        "议题列表": [
            {
                "序号": "一",
                "标题": "某事项",
                "事项说明": "事项类别：重大项目安排；承办科室：办公室。",
                "合法性审查": "某律师于2021年9月1日出具“合法”的审查意见。",
                "回避": "",
                "已表决": True,
                "表决方式": "举手表决",
                "表态列表": [vote],
                "表决结果": "同意3票，不同意0票，弃权0票；应到会成员3人，通过。",
                "会议决定": "同意。",
            }
        ],
    }


def minutes_docx(meeting: Meeting) -> bytes:
    return doctemplates.render(MINUTES, minutes_context(meeting))


doctemplates.register(
    doctemplates.Kind(
        code=MINUTES,
        label=lambda: _("Meeting minutes (会议记录)"),
        build_default=default_minutes_template,
        sample=_sample,
        fields={
            "标题": "会议记录的标题",
            "时间 / 地点 / 主持人 / 记录人": "会议的基本情况",
            "应到人数 / 应到会成员 / 实到人数 / 实到会成员 / 缺席 / 列席": "出席情况",
            "议题列表": "逐项：序号、标题、事项说明、合法性审查、回避、已表决、表决方式、"
            "表态列表（序号、成员、表态、意见）、表决结果、会议决定",
        },
    )
)
