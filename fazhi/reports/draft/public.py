"""一（六）–（七）: government transparency and citizen demands."""

from __future__ import annotations

from django.db.models import Count

from fazhi.core.rates import percent_text
from fazhi.hotline import kpi
from fazhi.hotline.models import HotTopic, Ticket

from .. import sources
from .base import (
    CHANNEL_WORDS,
    Draft,
    h2,
)


def disclosure_section(d: Draft, texts: dict) -> None:
    h2(d, "促进信息公开，推动公开透明")
    parts = [
        "认真贯彻《中华人民共和国政府信息公开条例》，推进财政预决算、公共资源配置、"
        "重大项目建设等重点领域的信息公开。"
    ]
    if d.n("items_published"):
        parts += ["全年主动公开政府信息", d.fig("items_published"), "条"]
    apps = d.n("applications")
    if apps:
        replied = d.n("applications_replied")
        parts += [
            ("；" if d.n("items_published") else "") + "受理政府信息公开申请",
            d.fig("applications"),
            "件，已答复",
            d.fig("applications_replied"),
            "件",
        ]
        late = d.n("applications_late")
        if late:
            parts += ["，其中超过法定期限", d.fig("applications_late"), "件"]
        elif replied:
            parts.append("，均在法定期限内答复")
    if d.n("items_published") or apps:
        parts.append("。")
    d.add("p", *parts)
    d.text("disclosure", texts)


def demands_section(d: Draft, texts: dict) -> None:
    y = d.year
    h2(d, "用心办理群众诉求，做好“向群众汇报”")
    # One grouped read gives the total and each channel's count; the KPI pass gives
    # the rates' numerators and denominators (the same rules as the sources).
    by_channel = dict(
        sources.get("tickets")
        .records(y)
        .values_list("channel")
        .annotate(n=Count("*"))
        .order_by()
    )
    d.know("tickets", sum(by_channel.values()))
    for code in CHANNEL_WORDS:
        d.know(f"tickets_{code}", by_channel.get(code, 0))
    total = d.n("tickets")
    if not total:
        d.add("p", "本年度系统中未记录群众诉求工单。")
        d.text("demands", texts)
        return
    f = kpi.compute(y, qs=Ticket.objects.all()).total
    d.know("tickets_sign_due", f.sign_due)
    d.know("tickets_replied_in_time", f.replied_in_time)
    d.know("tickets_called_back", f.called_back)
    parts = ["以群众满意为标准，及时处理"]
    channels = [c for c in CHANNEL_WORDS if by_channel.get(c)]
    parts.append(
        "、".join(CHANNEL_WORDS[c] for c in channels[:3])
        + "等各类平台的群众反馈问题，全年受理群众诉求"
    )
    parts += [d.fig("tickets"), "件"]
    if len(channels) > 1:
        parts.append("（")
        for i, c in enumerate(channels):
            parts += [CHANNEL_WORDS[c].strip("“”北方网"), d.fig(f"tickets_{c}"), "件"]
            parts.append("、" if i < len(channels) - 1 else "）")
    rates = [
        ("响应率", f.signed_in_time, f.sign_due, "tickets_sign_due"),
        ("按时办结率", f.replied_in_time, f.reply_due, "tickets_replied_in_time"),
        ("解决率", f.solved, f.called_back, "tickets_called_back"),
        ("满意率", f.satisfied, f.called_back, "tickets_called_back"),
    ]
    shown = [(name, a, b, src) for name, a, b, src in rates if b]
    if shown:
        parts.append("，")
        for i, (name, a, b, src) in enumerate(shown):
            parts += [name, d.fig(f"rate_{src}_{i}", percent_text(a, b), source=src)]
            parts.append("、" if i < len(shown) - 1 else "")
    parts.append("。")
    d.add("p", *parts)
    topics = list(
        sources.get("tickets")
        .records(y)
        .filter(topic__isnull=False)
        .values_list("topic")
        .annotate(n=Count("*"))
        .order_by("-n")[:3]
    )
    if topics:
        labels = dict(
            HotTopic.objects.filter(pk__in=[t for t, _n in topics]).values_list(
                "pk", "label"
            )
        )
        names = "；".join(
            f"{topic_words(labels[t])}（{n}件）" for t, n in topics if t in labels
        )
        d.add(
            "p",
            f"认真倾听群众的咨询诉求和合理化建议，群众反映较集中的问题有：{names}，"
            "均已逐件答复，推动相关工作贴民心、顺民意。",
        )
    d.text("demands", texts)


def topic_words(label: str) -> str:
    """“天津南站区域 · 规划 道路 南站地区” → “天津南站区域规划、道路等问题”."""
    place, _sep, words = label.partition(" · ")
    words = [w for w in words.split() if w not in place][:2]
    return f"{place}{'、'.join(words)}等问题" if words else f"{place}相关问题"
