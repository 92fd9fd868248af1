"""The reply to an application (政府信息公开申请答复书) as an official .docx, from a Word
template the office edits (DESIGN §3.6): what was asked, the decision with its article
and reason, and the remedies (行政复议 within 60 days, 行政诉讼 within 6 months)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fazhi.core import doctemplates
from fazhi.core.documents import OfficialDocument

from .models import Application, Outcome

REPLY = "disclosure.reply"

# The standard wording of each decision (arts. 36–39), before the office's own reason.
DECISIONS = {
    "1": "经审查，你（单位）申请获取的政府信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现予以提供。",
    "2": "经审查，你（单位）申请获取的政府信息中含有不应当公开的内容，根据《中华人民共和国政府信息公开条例》第三十七条的规定，对可以公开的部分予以提供，对不予公开的部分说明理由如下。",
    "3.1": "经审查，你（单位）申请获取的政府信息属于国家秘密，根据《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。",
    "3.2": "经审查，你（单位）申请获取的政府信息属于法律、行政法规禁止公开的信息，根据《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。",
    "3.3": "经审查，你（单位）申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，根据《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。",
    "3.4": "经审查，你（单位）申请获取的政府信息涉及商业秘密、个人隐私，公开会对第三方合法权益造成损害，根据《中华人民共和国政府信息公开条例》第十五条的规定，不予公开。",
    "3.5": "经审查，你（单位）申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，根据《中华人民共和国政府信息公开条例》第十六条第一款的规定，不予公开。",
    "3.6": "经审查，你（单位）申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息，根据《中华人民共和国政府信息公开条例》第十六条第二款的规定，不予公开。",
    "3.7": "经审查，你（单位）申请获取的政府信息属于行政执法案卷信息，根据《中华人民共和国政府信息公开条例》第十六条第二款的规定，不予公开。",
    "3.8": "经审查，你（单位）申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项，根据《中华人民共和国政府信息公开条例》第三十六条第（七）项的规定，请依照有关法律、行政法规的规定办理。",
    "4.1": "经检索，本机关未制作或者获取你（单位）申请获取的政府信息，根据《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项的规定，告知如下。",
    "4.2": "经审查，你（单位）申请获取的信息需要本机关对现有政府信息进行加工、分析，根据《中华人民共和国政府信息公开条例》第三十八条的规定，本机关可以不予提供。",
    "4.3": "你（单位）补正后申请内容仍不明确，本机关无法确定你（单位）申请获取的政府信息，根据《中华人民共和国政府信息公开条例》第三十条的规定，无法提供。",
    "5.1": "你（单位）以政府信息公开申请的形式进行信访、投诉、举报等活动，根据《中华人民共和国政府信息公开条例》第三十九条第一款的规定，本机关不作为政府信息公开申请处理，请通过相应渠道提出。",
    "5.2": "你（单位）的申请与已答复的申请相同，根据《中华人民共和国政府信息公开条例》第三十六条第（六）项的规定，本机关不予重复处理。",
    "5.3": "你（单位）申请获取的是公开出版物，根据《中华人民共和国政府信息公开条例》第三十九条第二款的规定，请通过相应途径获取。",
    "5.4": "你（单位）申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关不予处理。",
    "5.5": "你（单位）要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的范围，本机关不予处理。",
    "6.1": "本机关已于{{ 补正告知日期 }}告知你（单位）补正申请，你（单位）无正当理由逾期未补正，根据《中华人民共和国政府信息公开条例》第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
    "6.2": "本机关已于{{ 收费通知日期 }}向你（单位）发出收费通知，你（单位）逾期未按收费通知要求缴纳费用，根据《政府信息公开信息处理费管理办法》的规定，本机关不再处理该政府信息公开申请。",
    "6.3": "经审查，对你（单位）的申请作如下处理。",
}


def default_reply_template() -> bytes:
    doc = OfficialDocument()
    doc.title("{{ 机关 }}\n政府信息公开申请答复书")
    doc.paragraph("{{ 文号 }}", indent=False, align="center")
    doc.paragraph("{{ 申请人 }}：", indent=False)
    doc.paragraph(
        "本机关于{{ 收到日期 }}收到你（单位）通过{{ 申请方式 }}提出的政府信息公开申请"
        "（编号：{{ 编号 }}），申请获取“{{ 申请内容 }}”。"
    )
    doc.paragraph("{{ 答复意见 }}")
    doc.paragraph("{%p if 理由 %}", indent=False)
    doc.paragraph("{{ 理由 }}")
    doc.paragraph("{%p endif %}", indent=False)
    doc.paragraph("{%p if 其他说明 %}", indent=False)
    doc.paragraph("{{ 其他说明 }}")
    doc.paragraph("{%p endif %}", indent=False)
    doc.paragraph(
        "如对本答复不服，可以自收到本答复之日起六十日内向{{ 复议机关 }}申请行政复议，"
        "或者在六个月内向{{ 管辖法院 }}提起行政诉讼。"
    )
    doc.paragraph("")
    doc.paragraph("{{ 机关 }}", indent=False, align="right")
    doc.paragraph("{{ 答复日期 }}", indent=False, align="right")
    return doc.save()


def reply_context(app: Application) -> dict:
    with translation.override("zh-hans"):
        date = OfficialDocument.date
        decision = DECISIONS[app.outcome]
        decision = decision.replace(
            "{{ 补正告知日期 }}",
            date(app.correction_requested_on) if app.correction_requested_on else "",
        ).replace(
            "{{ 收费通知日期 }}", date(app.fee_notice_on) if app.fee_notice_on else ""
        )
        return {
            "机关": settings.FAZHI_OFFICE_NAME,
            "文号": f"〔{app.replied_on.year}〕第{app.number.split('-')[-1]}号",
            "编号": app.number,
            "申请人": app.name,
            "收到日期": date(app.received_on),
            "申请方式": app.get_channel_display(),
            "申请内容": app.description,
            "答复结果": Outcome(app.outcome).label,
            "答复意见": decision,
            "理由": app.outcome_reason,
            "其他说明": app.reply_text,
            "复议机关": settings.FAZHI_DISCLOSURE_REVIEW_BODY,
            "管辖法院": settings.FAZHI_DISCLOSURE_COURT,
            "答复日期": date(app.replied_on),
        }


def _sample() -> dict:
    return {
        "机关": "某机关",
        "文号": "〔2026〕第1号",
        "编号": "2026-0001",
        "申请人": "王某",
        "收到日期": "2026年9月28日",
        "申请方式": "互联网",
        "申请内容": "某信息",
        "答复结果": "予以公开",
        "答复意见": DECISIONS["1"],
        "理由": "理由",
        "其他说明": "说明",
        "复议机关": "某区人民政府",
        "管辖法院": "某区人民法院",
        "答复日期": "2026年10月30日",
    }


def reply_letter_docx(app: Application) -> bytes:
    return doctemplates.render(REPLY, reply_context(app))


doctemplates.register(
    doctemplates.Kind(
        code=REPLY,
        label=lambda: _("Reply to an application for information (答复书)"),
        build_default=default_reply_template,
        sample=_sample,
        fields={
            "机关 / 文号 / 编号 / 答复日期": "答复机关、答复书文号、申请编号、答复日期",
            "申请人 / 收到日期 / 申请方式 / 申请内容": "申请的基本情况",
            "答复结果 / 答复意见 / 理由 / 其他说明": "处理结果、标准答复用语（含条款）、理由及其他说明",
            "复议机关 / 管辖法院": "救济途径（行政复议六十日、行政诉讼六个月）",
        },
    )
)
