"""A matter's whole file as one .zip that stands on its own years later (713号 art. 33:
「决策过程记录和材料…及时完整归档」): every stage, review and opinion, every vote with
each member's view, the minutes of each meeting, the files as uploaded, and the audit
entries with their hash chain — indexed in 目录.html (opens in any browser, offline) and
listed with SHA-256 in 清单.csv."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone, translation

from fazhi.core.models import Attachment, AuditEntry

from .documents import minutes_docx
from .models import Matter


def _review_dict(review) -> dict:
    return {
        "标题": review.title,
        "类别": review.get_kind_display(),
        "送审科室": str(review.department),
        "法律顾问": str(review.counsel),
        "收件日期": review.received_on.isoformat(),
        "审查时限（工作日）": review.working_days,
        "缩短时限理由": review.short_reason,
        "应出具意见日期": review.due_date.isoformat(),
        "审查结论": review.get_outcome_display() if review.outcome else "",
        "审查意见": review.opinion,
        "出具意见日期": review.opinion_on.isoformat() if review.opinion_on else None,
        "科室采纳情况": review.get_response_display() if review.response else "",
        "未采纳理由": review.response_reason,
    }


def build_archive(matter: Matter) -> bytes:
    with translation.override("zh-hans"):
        return _build(matter)


def _build(matter: Matter) -> bytes:
    files: list[tuple[str, bytes, str]] = []  # path in the zip, content, what it is
    reviews = list(matter.reviews.select_related("department", "counsel"))
    items = list(
        matter.items.select_related("meeting__chair").prefetch_related(
            "opinions__member", "recused", "meeting__members_due", "meeting__present"
        )
    )
    record = {
        "事项": {
            "标题": matter.title,
            "类别": matter.get_category_display(),
            "重大行政决策": matter.major_decision,
            "事项类别": matter.subject,
            "承办科室": str(matter.department),
            "金额（元）": str(matter.amount) if matter.amount is not None else None,
            "登记日期": matter.registered_on.isoformat(),
            "说明": matter.description,
            "涉及市场主体经济活动": matter.market_actors,
            "公平竞争审查": {
                "日期": matter.fair_competition_on.isoformat()
                if matter.fair_competition_on
                else None,
                "结论": matter.fair_competition_conclusion,
            },
            "状态": matter.get_status_display(),
            "决定": matter.decision,
        },
        "程序环节": [
            {
                "环节": s.get_code_display(),
                "必经": s.required,
                "无须进行的理由": s.skipped_reason,
                "开始": s.started_on.isoformat() if s.started_on else None,
                "完成": s.completed_on.isoformat() if s.completed_on else None,
                "参与人员": s.people,
                "结果": s.outcome,
                "公开征求意见": [
                    s.comment_opens.isoformat() if s.comment_opens else None,
                    s.comment_closes.isoformat() if s.comment_closes else None,
                ],
                "听证会": s.hearing_on.isoformat() if s.hearing_on else None,
                "听证材料送达": s.hearing_materials_sent_on.isoformat()
                if s.hearing_materials_sent_on
                else None,
            }
            for s in matter.stages.all()
        ],
        "合法性审查": [_review_dict(r) for r in reviews],
        "公布": {
            "日期": matter.published_on.isoformat() if matter.published_on else None,
            "载体": matter.published_where,
            "公众意见和专家意见采纳情况": matter.opinions_explanation,
        },
        "执行情况": [
            {"日期": p.date.isoformat(), "类别": p.get_kind_display(), "内容": p.text}
            for p in matter.progress.all()
        ],
        "会议表决": [
            {
                "会议": str(i.meeting),
                "主持人": str(i.meeting.chair),
                "应到会成员": [str(m) for m in i.meeting.members_due.all()],
                "实到会成员": [str(m) for m in i.meeting.present.all()],
                "列席": i.meeting.sitting_in,
                "表决方式": i.get_method_display() if i.method else "",
                "回避": [str(m) for m in i.recused.all()],
                "表态（按发言顺序）": [
                    {
                        "成员": str(o.member),
                        "表态": o.get_position_display(),
                        "意见": o.remark,
                    }
                    for o in i.opinions.all()
                ],
                "同意": i.yes,
                "不同意": i.no,
                "弃权": i.abstain,
                "结果": i.get_result_display(),
                "决定": i.decision,
            }
            for i in items
        ],
    }
    files.append(
        (
            "事项记录.json",
            json.dumps(record, ensure_ascii=False, indent=2).encode(),
            "事项、程序环节、审查、表决的完整记录",
        )
    )
    for i in items:
        if i.meeting.status == i.meeting.Status.HELD:
            files.append(
                (
                    f"会议记录/{i.meeting.date.isoformat()}-{i.meeting.pk}.docx",
                    minutes_docx(i.meeting),
                    f"{i.meeting}会议记录",
                )
            )
    review_type = ContentType.objects.get_for_model(reviews[0]) if reviews else None
    for r in reviews:
        for a in Attachment.objects.filter(content_type=review_type, object_id=r.pk):
            with a.file.open("rb") as fh:
                content = fh.read()
            files.append(
                (
                    f"审查材料/{r.pk}-{a.pk}-{a.original_name}",
                    content,
                    f"{r.title}：{a.original_name}",
                )
            )
    targets = Q(target_type="decisions.matter", target_id=str(matter.pk)) | Q(
        target_type="legal.review", target_id__in=[str(r.pk) for r in reviews]
    )
    entries = [
        {
            "序号": e.seq,
            "时间": timezone.localtime(e.created_at).isoformat(),
            "操作人": e.actor_name,
            "操作": e.verb,
            "对象": f"{e.target_type}#{e.target_id}",
            "变更": e.changes,
            "理由": e.reason,
            "前一哈希": e.prev_hash,
            "哈希": e.hash,
        }
        for e in AuditEntry.objects.filter(targets).order_by("seq")
    ]
    files.append(
        (
            "审计记录.json",
            json.dumps(entries, ensure_ascii=False, indent=2).encode(),
            "系统审计日志中与本事项有关的全部记录（含哈希链）",
        )
    )
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["文件", "说明", "字节", "SHA-256"])
    for path, content, what in files:
        writer.writerow([path, what, len(content), hashlib.sha256(content).hexdigest()])
    index = _index_html(matter, record, files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("目录.html", index)
        zf.writestr(
            "清单.csv", "\ufeff" + manifest.getvalue()
        )  # BOM: Excel reads UTF-8
        for path, content, _what in files:
            zf.writestr(path, content)
    return out.getvalue()


def _index_html(matter, record, files) -> str:
    rows = "".join(
        f'<tr><td><a href="{escape(path)}">{escape(path)}</a></td><td>{escape(what)}</td>'
        f"<td>{len(content)}</td></tr>"
        for path, content, what in files
    )

    def stage_state(s) -> str:
        return s["完成"] or ("无须进行" if not s["必经"] else "未完成")

    stages = "".join(
        f"<li>{escape(s['环节'])}：{escape(stage_state(s))}</li>"
        for s in record["程序环节"]
    )
    reviews = "".join(
        f"<li>{escape(r['标题'])}：{escape(r['法律顾问'])}，"
        f"{escape(r['出具意见日期'] or '未出具意见')}，{escape(r['审查结论'] or '—')}</li>"
        for r in record["合法性审查"]
    )
    votes = "".join(
        f"<li>{escape(v['会议'])}：{escape(v['结果'])}（同意{v['同意']}，不同意{v['不同意']}，"
        f"弃权{v['弃权']}）</li>"
        for v in record["会议表决"]
    )
    return f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<title>{escape(matter.title)} · 决策档案</title>
<h1>{escape(matter.title)}</h1>
<p>{escape(record["事项"]["类别"])} · {escape(record["事项"]["承办科室"])} ·
登记于 {escape(record["事项"]["登记日期"])} · {escape(record["事项"]["状态"])}</p>
<p>归档导出时间：{escape(timezone.localtime().strftime("%Y-%m-%d %H:%M"))}</p>
<h2>程序环节</h2><ul>{stages or "<li>（非重大行政决策）</li>"}</ul>
<h2>合法性审查</h2><ul>{reviews or "<li>无</li>"}</ul>
<h2>会议表决</h2><ul>{votes or "<li>尚未上会</li>"}</ul>
<h2>文件</h2><table border="1" cellpadding="4">
<tr><th>文件</th><th>说明</th><th>字节</th></tr>{rows}</table>
<p>每个文件的 SHA-256 见 清单.csv；审计记录.json 中的哈希链可与系统的审计日志核对。</p>
</html>"""
