"""The reference office's applications for information: 2021 with every kind of outcome
— corrected, abandoned, consulted, extended, charged, carried over — so the 2021 report
has numbers in many rows; and the current year in progress, with live deadlines."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.models import Department

from . import catalogue, services
from .deadlines import add_days

D = dt.date.fromisoformat
PEOPLE = [
    ("person", "张伟", "居民身份证", "12010119800101001X"),
    ("person", "李娜", "居民身份证", "120104199203150022"),
    ("person", "刘强", "居民身份证", "120113197707070013"),
    ("business", "天津某新材料科技有限公司", "统一社会信用代码", "91120116MA05K1234X"),
    ("business", "天津某建设工程有限公司", "统一社会信用代码", "91120222MA06R5678Y"),
    ("research", "某大学城市规划研究中心", "统一社会信用代码", "12120000401234567A"),
    ("legal", "天津某律师事务所", "统一社会信用代码", "31120000MD0123456B"),
    ("nonprofit", "某环保公益服务中心", "统一社会信用代码", "52120000MJ0654321C"),
]

# received, channel, applicant (index), department, information, outcome, what happens
CASES_2021 = [
    ("2020-12-28", "in_person", 0, "guihua", "天津南站周边道路规划许可文件", "1", {}),
    ("2021-01-12", "online", 1, "bangongshi", "2021年区协同办部门预算", "1", {}),
    ("2021-02-03", "post_signed", 3, "zhaoshang", "招商引资优惠政策兑现办法", "1", {}),
    (
        "2021-02-08",
        "in_person",
        2,
        "guihua",
        "天津南站配套道路征地补偿方案",
        "2",
        {"consult": ("区规划和自然资源局", "co_producer", 9, True)},
    ),
    (
        "2021-03-02",
        "letter",
        4,
        "guihua",
        "南站周边配套道路工程招标文件及中标结果",
        "2",
        {"consult": ("天津某路桥有限公司", "third_party", 12, False)},
    ),
    ("2021-03-15", "online", 0, "bangongshi", "区协同办内部考勤管理办法", "3.5", {}),
    ("2021-03-22", "online", 1, "xietong", "区域协同发展专题会议讨论记录", "3.6", {}),
    (
        "2021-04-06",
        "in_person",
        4,
        "zhaoshang",
        "某企业投资奖励兑现的企业财务资料",
        "3.4",
        {"consult": ("天津某新材料科技有限公司", "third_party", 8, False)},
    ),
    ("2021-04-19", "fax", 6, "guihua", "某违法建设行政执法案卷", "3.7", {}),
    ("2021-05-10", "online", 2, "bangongshi", "某企业工商登记档案", "3.8", {}),
    (
        "2021-05-17",
        "online",
        0,
        "xietong",
        "2015年南站片区控制性详细规划原始图纸",
        "4.1",
        {},
    ),
    (
        "2021-05-24",
        "letter",
        5,
        "chanye",
        "近五年区内产业项目投资额分行业统计分析",
        "4.2",
        {},
    ),
    (
        "2021-06-07",
        "online",
        1,
        "bangongshi",
        "关于“那个项目”的全部材料",
        "4.3",
        {"correction": (2, 6)},
    ),
    (
        "2021-06-15",
        "online",
        2,
        "bangongshi",
        "反映小区周边道路施工扰民问题",
        "5.1",
        {},
    ),
    ("2021-06-28", "online", 0, "guihua", "天津南站周边道路规划许可文件", "5.2", {}),
    (
        "2021-07-05",
        "post_signed",
        7,
        "bangongshi",
        "《天津市统计年鉴（2020）》",
        "5.3",
        {},
    ),
    (
        "2021-07-19",
        "online",
        2,
        "bangongshi",
        "请出具证明确认此前已获取文件真实有效",
        "5.5",
        {},
    ),
    (
        "2021-08-02",
        "online",
        1,
        "xietong",
        "协同发展项目的有关情况",
        "6.1",
        {"correction": (3, None)},
    ),
    (
        "2021-08-16",
        "in_person",
        6,
        "chanye",
        "2018年以来全部产业扶持资金拨付凭证复印件",
        "6.2",
        {"fee": ("page", 160, None)},
    ),
    (
        "2021-09-06",
        "online",
        3,
        "zhaoshang",
        "2021年招商引资项目签约情况",
        "1",
        {"extend": 10},
    ),
    (
        "2021-09-26",
        "in_person",
        4,
        "guihua",
        "南站周边配套道路施工许可及监理合同",
        "1",
        {"correction": (1, 3), "extend": 15},
    ),
    ("2021-10-11", "online", 0, "bangongshi", "2020年部门决算", "1", {}),
    ("2021-10-25", "online", 5, "chanye", "区产业发展规划（2021—2025年）", "1", {}),
    ("2021-11-08", "letter", 2, "bangongshi", "已撤回的申请", "6.3", {}),
    (
        "2021-11-22",
        "in_person",
        6,
        "chanye",
        "2021年产业扶持资金分配结果",
        "2",
        {"fee": ("page", 45, "paid")},
    ),
    ("2021-12-06", "online", 1, "guihua", "南站周边公交线路调整方案", "1", {}),
    ("2021-12-27", "online", 0, "xietong", "2022年区域协同发展工作要点", None, {}),
]

REASONS = {
    "2": "申请公开的信息中涉及第三方商业秘密的部分不予公开，其余部分予以提供。",
    "3.4": "第三方书面答复不同意公开，所涉财务资料属于商业秘密，公开会损害第三方合法权益。",
    "3.5": "该信息属于本机关内部工作流程信息。",
    "3.6": "该信息属于讨论记录等过程性信息。",
    "3.7": "该信息属于行政执法案卷信息。",
    "3.8": "企业登记档案应依照《企业登记档案资料查询办法》向市场监管部门查询。",
    "4.1": "经检索，本机关未制作、获取该信息，建议向区规划和自然资源局咨询。",
    "4.2": "所需统计分析需对现有信息进行加工、分析。",
    "4.3": "补正后仍无法确定所需信息的名称、文号或特征性描述。",
    "5.1": "该申请属于投诉事项，已告知通过12345热线反映。",
    "5.2": "与2021年1月已答复的申请相同。",
    "5.3": "该年鉴为公开出版物，可通过图书馆、书店获取。",
    "5.5": "要求确认已获取信息的真实性，不属于政府信息公开申请。",
    "6.1": "申请人逾期未补正。",
    "6.2": "申请人逾期未缴纳信息处理费。",
    "6.3": "申请人于答复前书面撤回申请。",
}


def _register(actor, received, channel, who, dept, info, confirm=True):
    """Registered by the officer, or (actor None) submitted on the portal."""
    kind, name, id_type, id_number = PEOPLE[who]
    app, _code = services.do_register_application(
        actor=actor,
        actor_name="" if actor else "申请人（门户网站）",
        channel=channel,
        applicant_type=kind,
        name=name,
        id_type=id_type,
        id_number=id_number,
        description=info,
        form="electronic" if channel == "online" else "paper",
        delivery="online" if channel == "online" else "post",
        submitted_on=received,
        phone="022-2345" + id_number[-4:].replace("X", "0"),
        address="天津市西青区某街道某号",
        contact_person="" if kind == "person" else "办事人员",
        department=dept,
    )
    if app.received_on is None and confirm:
        app = services.do_confirm_receipt(app, actor=actor, confirmed_on=received)
    return app


def _handle(app, actor, head, outcome, extra, today):
    start = app.received_on
    correction = extra.get("correction")
    if correction:
        asked = add_days(start, correction[0])
        app = services.do_request_correction(
            app,
            actor=actor,
            requested_on=asked,
            items="请写明所需信息的名称、文号或其他特征性描述。",
        )
        if correction[1] is None:  # abandoned: answered after the time to correct
            return services.do_reply(
                app,
                actor=actor,
                outcome=outcome,
                replied_on=add_days(app.correction_due, 1),
                reason=REASONS[outcome],
            )
        start = add_days(asked, correction[1])
        app = services.do_record_correction(app, actor=actor, corrected_on=start)
    app = services.do_accept(app, actor=actor)
    consult = extra.get("consult")
    if consult:
        party, kind, answered, agrees = consult
        sent = add_days(start, 3)
        c = services.do_consult(app, actor=actor, kind=kind, party=party, sent_on=sent)
        services.do_record_answer(
            c,
            actor=actor,
            replied_on=add_days(sent, answered),
            agrees=agrees,
            opinion="同意公开。" if agrees else "涉及本单位商业秘密，不同意公开。",
        )
        app.refresh_from_db()
    if extra.get("extend"):
        app = services.do_extend(
            app,
            actor=head,
            days=extra["extend"],
            reason="所需信息涉及多个科室，需调取历史档案核对。",
            approved_on=add_days(start, 15),
            notice_on=add_days(start, 16),
        )
    fee = extra.get("fee")
    if fee:
        method, units, paid = fee
        notice = add_days(start, 5)
        app = services.do_notify_fee(
            app,
            actor=actor,
            method=method,
            units=units,
            notice_on=notice,
            pay_by=add_days(notice, 15),
        )
        if paid:
            app = services.do_record_payment(
                app, actor=actor, paid_on=add_days(notice, 3)
            )
        else:
            return services.do_reply(
                app,
                actor=actor,
                outcome=outcome,
                replied_on=add_days(app.fee_due_on, 1),
                reason=REASONS[outcome],
            )
    if outcome is None:
        return app
    replied = min(add_days(app.due_on, -2), today)
    return services.do_reply(
        app,
        actor=actor,
        outcome=outcome,
        replied_on=max(replied, start),
        reason=REASONS.get(outcome, ""),
        reply_text="所需信息已通过电子邮件发送。" if outcome == "1" else "",
    )


# formed, category, department, name, summary, days to publish (working), withdrawn
ITEMS_2021 = [
    (
        "2021-01-29",
        "财政预决算",
        "bangongshi",
        "区协同办2021年部门预算",
        "2021年部门收支预算总表、财政拨款支出预算表、“三公”经费预算及情况说明。",
        12,
        "",
    ),
    (
        "2021-08-20",
        "财政预决算",
        "bangongshi",
        "区协同办2020年部门决算",
        "2020年部门收支决算总表、财政拨款支出决算表、“三公”经费决算及情况说明。",
        10,
        "",
    ),
    (
        "2021-03-10",
        "重大建设项目",
        "guihua",
        "天津南站周边配套道路工程项目批准信息",
        "项目名称、建设单位、批准文号、建设规模和总投资。",
        8,
        "",
    ),
    (
        "2021-06-18",
        "重大建设项目",
        "guihua",
        "天津南站周边配套道路工程招标及中标结果",
        "招标公告、中标候选人公示及中标结果。",
        5,
        "",
    ),
    (
        "2021-09-30",
        "重大建设项目",
        "guihua",
        "天津南站周边配套道路工程施工进展",
        "截至9月底的形象进度、资金到位和征地拆迁情况。",
        25,
        "",
    ),
    (
        "2021-04-15",
        "公共资源配置",
        "zhaoshang",
        "招商引资项目投资奖励资金分配结果",
        "2021年第一批投资奖励资金的分配对象、金额和依据。",
        15,
        "",
    ),
    (
        "2021-05-20",
        "政府采购",
        "bangongshi",
        "区协同办2021年政府采购意向",
        "办公设备、信息化运维服务等采购项目的预算金额和预计采购时间。",
        6,
        "",
    ),
    (
        "2021-02-22",
        "政策文件",
        "chanye",
        "区域产业协同发展扶持办法（试行）",
        "扶持对象、扶持标准、申报程序和监督管理。",
        9,
        "已被2022年修订版替代",
    ),
    (
        "2021-01-10",
        "机构职能",
        "bangongshi",
        "区协同办机构职能、内设机构和联系方式",
        "主要职责、内设科室、办公地址、办公时间和联系电话。",
        3,
        "",
    ),
]


def _items(actor, departments, today):
    for formed, category, dept, title, summary, days, withdrawn in ITEMS_2021:
        item = catalogue.do_record_item(
            actor=actor,
            title=title,
            summary=summary,
            formed_on=D(formed),
            category=category,
            department=departments[dept],
            body=summary,
        )
        item = catalogue.do_review_item(
            item,
            actor=actor,
            reviewed_on=add_days(D(formed), 1),
            publishable=True,
            note="经保密审查，不涉及国家秘密、商业秘密和个人隐私。",
        )
        item = catalogue.do_publish_item(
            item, actor=actor, published_on=add_days(D(formed), days)
        )
        if withdrawn:
            catalogue.do_withdraw_item(
                item, actor=actor, withdrawn_on=D("2022-03-01"), reason=withdrawn
            )
    # This year: one awaiting its review and due soon, one cleared but late.
    catalogue.do_record_item(
        actor=actor,
        title=f"{today.year}年区域协同发展工作要点",
        summary="年度重点任务、责任科室和完成时限。",
        formed_on=add_days(today, -16),
        category="规划计划",
        department=departments["xietong"],
    )
    late = catalogue.do_record_item(
        actor=actor,
        title="天津南站周边配套道路二期工程批准信息",
        summary="项目名称、建设单位、批准文号和总投资。",
        formed_on=add_days(today, -30),
        category="重大建设项目",
        department=departments["guihua"],
    )
    catalogue.do_review_item(
        late, actor=actor, reviewed_on=add_days(today, -25), publishable=True
    )


def load(people: dict, actor) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    _items(actor, departments, timezone.localdate())
    head = people["zhuren"]
    today = timezone.localdate()
    for received, channel, who, dept, info, outcome, extra in CASES_2021:
        app = _register(actor, D(received), channel, who, departments[dept], info)
        app = _handle(app, actor, head, outcome, extra, today)
        if app.status == "replied" and app.replied_on.year < today.year:
            services.do_archive(
                app, actor=actor, archived_on=add_days(app.replied_on, 2)
            )
    # The 2021 carry-over is answered in January 2022.
    last = app
    services.do_reply(
        last, actor=actor, outcome="1", replied_on=D("2022-01-10"), reason=""
    )
    # The 2021 report, as filed and published by 31 January 2022.
    from . import annual
    from .models import AnnualReport

    report = AnnualReport.objects.create(year=2021)
    report = annual.do_save_report(
        report,
        actor=actor,
        overview=annual.default_overview(report),
        problems_text="一是主动公开的及时性有待提高，个别信息超过20个工作日才公开；二是依申请公开答复文书的规范性需进一步加强。下一步将完善公开前审查和答复文书模板。",
        other="本年度依申请公开收取信息处理费1件。",
        table2={
            "规章": [0, 0, 0],
            "行政规范性文件": [1, 0, 3],
            "行政许可": 0,
            "行政处罚": 0,
            "行政强制": 0,
            "行政事业性收费": "0",
        },
        table4={
            "行政复议": [1, 0, 0, 0, 1],
            "未经复议直接起诉": [0, 0, 0, 0, 0],
            "复议后起诉": [0, 0, 0, 0, 0],
        },
    )
    annual.do_publish_report(report, actor=actor, published_on=D("2022-01-25"))

    # This year: live cases at every step.
    ago = lambda n: add_days(today, -n)  # noqa: E731
    # Submitted on the portal yesterday; receipt not confirmed yet.
    _register(
        None,
        ago(1),
        "online",
        7,
        departments["bangongshi"],
        "本区生态环境保护专项资金使用情况",
        confirm=False,
    )
    waiting = _register(
        actor,
        ago(3),
        "in_person",
        1,
        departments["xietong"],
        "南站片区交通组织优化方案的有关材料",
    )
    services.do_request_correction(
        waiting,
        actor=actor,
        requested_on=ago(2),
        items="请写明所需材料的名称或形成时间。",
    )
    consulting = _register(
        actor,
        ago(12),
        "post_signed",
        4,
        departments["guihua"],
        "南站周边配套道路二期工程施工合同",
    )
    services.do_accept(consulting, actor=actor)
    services.do_consult(
        consulting,
        actor=actor,
        kind="third_party",
        party="天津某路桥有限公司",
        sent_on=ago(8),
    )
    extended = _register(
        actor, ago(19), "online", 5, departments["chanye"], "本年度产业扶持资金分配明细"
    )
    services.do_accept(extended, actor=actor)
    extended.refresh_from_db()
    services.do_extend(
        extended,
        actor=head,
        days=10,
        reason="涉及多个项目，需逐项核对。",
        approved_on=ago(2),
        notice_on=ago(2),
    )
    soon = _register(
        actor,
        ago(17),
        "in_person",
        0,
        departments["bangongshi"],
        f"{today.year}年部门预算",
    )
    services.do_accept(soon, actor=actor)
    late = _register(
        actor,
        ago(24),
        "online",
        2,
        departments["zhaoshang"],
        "招商引资项目奖励兑现名单",
    )
    services.do_accept(late, actor=actor)
    for n, info in (
        (40, f"{today.year}年一季度重大项目进展"),
        (30, "区协同办机构职能及办公地址"),
    ):
        app = _register(actor, ago(n), "online", n % 3, departments["bangongshi"], info)
        _handle(app, actor, head, "1", {}, today)
