"""The demo office's citizen demands: its category tree and routing rules, reply
templates, the 2021 tickets from 12345 and 政民零距离 — among them the cluster about road
planning and supporting construction around 天津南站 that the summary names — and a
current month in progress, with every step through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.models import Department

from . import services
from .models import Category, ReplyTemplate, RoutingRule, Ticket

T = Ticket

# code, name, parent code, department code, keywords
CATEGORIES = [
    ("traffic", "道路交通", None, "guihua", "道路 交通 公交"),
    ("roads", "道路规划与建设", "traffic", "guihua", "道路 规划 修路 断头路"),
    ("transit", "公交出行", "traffic", "guihua", "公交 地铁 班次 站点"),
    ("urban", "城乡建设", None, "guihua", "建设 配套"),
    ("facilities", "配套设施建设", "urban", "guihua", "学校 医院 菜市场 配套"),
    ("environment", "环境保护", None, "guihua", "噪音 扬尘 污染"),
    ("noise", "施工噪音扬尘", "environment", "guihua", "噪音 扬尘 夜间施工"),
    ("business", "企业服务", None, "chanye", "企业 产业 园区"),
    ("investment", "招商政策", "business", "zhaoshang", "招商 奖励 优惠政策"),
    ("labour", "劳动和社会保障", None, "bangongshi", "工资 社保 用工"),
    ("other", "其他", None, "bangongshi", ""),
]

TEMPLATES = [
    (
        "roads",
        "道路规划答复",
        "您好！您反映的道路规划问题已收悉。经核实，该道路已纳入南站地区路网规划，"
        "目前正在开展前期工作，具体建设时序以区政府批复为准。感谢您对南站地区建设的关注。",
    ),
    (
        "noise",
        "施工噪音答复",
        "您好！您反映的施工噪音问题已收悉。我办已会同相关部门责令施工单位严格落实夜间"
        "施工管理规定，22时至次日6时禁止高噪音作业。如仍有问题，欢迎再次反映。",
    ),
    (
        None,
        "通用答复",
        "您好！您反映的问题已收悉，我办高度重视，已安排专人办理，办理结果将及时向您反馈。",
    ),
]

# The 2021 tickets: received (date hour), channel, kind, category, place, title, content,
# outcome: "ok" satisfied, "basic", "reopen" (unhappy, then satisfied), "late" (replied
# after the limit), likes.
TICKETS_2021 = [
    (
        "2021-01-11 09",
        "12345",
        "consult",
        "roads",
        "天津南站区域",
        "天津南站北侧道路何时开工",
        "天津南站北侧规划道路多年未开工，周边居民出行需绕行，请问何时开工建设？",
        "ok",
        12,
    ),
    (
        "2021-01-25 14",
        "zmlj",
        "suggestion",
        "roads",
        "天津南站区域",
        "建议打通南站周边断头路",
        "南站周边有多条断头路，早晚高峰拥堵严重，建议尽快打通南站周边断头路。",
        "basic",
        35,
    ),
    (
        "2021-02-03 10",
        "12345",
        "consult",
        "transit",
        "天津南站",
        "南站到区政府公交班次少",
        "从天津南站到区政府只有一条公交线路，班次间隔四十分钟，请增加班次。",
        "ok",
        4,
    ),
    (
        "2021-03-02 16",
        "zmlj",
        "consult",
        "roads",
        "天津南站区域",
        "南站地区道路规划何时公示",
        "想了解天津南站地区道路规划方案何时公示，规划道路是否经过我们小区。",
        "ok",
        21,
    ),
    (
        "2021-03-15 11",
        "12345",
        "complaint",
        "noise",
        "天津南站配套道路工地",
        "南站配套道路工地夜间施工噪音",
        "天津南站配套道路工地连续多晚夜间施工，噪音很大，影响休息。",
        "reopen",
        8,
    ),
    (
        "2021-03-29 09",
        "12345",
        "help",
        "facilities",
        "南站家园小区",
        "南站家园小区周边缺少菜市场",
        "南站家园小区入住两年，周边没有菜市场，买菜要走很远，请协调建设配套菜市场。",
        "ok",
        17,
    ),
    (
        "2021-04-12 15",
        "zmlj",
        "suggestion",
        "facilities",
        "天津南站区域",
        "建议南站地区配建学校",
        "南站地区新建小区多，适龄儿童多，建议规划配建小学和幼儿园。",
        "basic",
        42,
    ),
    (
        "2021-04-20 10",
        "12345",
        "consult",
        "roads",
        "天津南站区域",
        "南站西侧道路规划宽度",
        "南站西侧规划道路的红线宽度是多少，是否会占用我家承包地？",
        "ok",
        3,
    ),
    (
        "2021-05-08 13",
        "12345",
        "complaint",
        "noise",
        "南站商务区工地",
        "南站商务区工地扬尘严重",
        "南站商务区工地未苫盖，大风天扬尘严重，请督促整改。",
        "late",
        6,
    ),
    (
        "2021-05-21 09",
        "zmlj",
        "consult",
        "roads",
        "天津南站区域",
        "南站地区规划道路开工时间",
        "去年说南站地区规划道路今年开工，现在还没有动静，请问具体开工时间。",
        "reopen",
        28,
    ),
    (
        "2021-06-07 10",
        "12345",
        "help",
        "transit",
        "天津南站",
        "南站地铁站出口无遮雨棚",
        "天津南站地铁站出口没有遮雨棚，下雨天乘客淋雨，请协调加装。",
        "ok",
        9,
    ),
    (
        "2021-06-18 14",
        "zmlj",
        "suggestion",
        "roads",
        "天津南站区域",
        "南站周边道路增设人行横道",
        "南站周边主干道缺少人行横道和信号灯，行人过马路危险。",
        "ok",
        15,
    ),
    (
        "2021-07-05 11",
        "12345",
        "consult",
        "investment",
        "",
        "企业落户奖励政策咨询",
        "我公司拟落户本区，想咨询招商引资奖励政策和申报条件。",
        "ok",
        0,
    ),
    (
        "2021-07-19 09",
        "12345",
        "help",
        "business",
        "南站科技园",
        "南站科技园企业用电容量不足",
        "南站科技园部分企业用电容量不足，影响生产，请协调增容。",
        "basic",
        2,
    ),
    (
        "2021-08-02 15",
        "zmlj",
        "complaint",
        "noise",
        "南站家园小区",
        "南站家园旁工地夜间施工",
        "南站家园小区旁工地晚上十一点还在施工，噪音扰民。",
        "ok",
        11,
    ),
    (
        "2021-08-16 10",
        "12345",
        "consult",
        "facilities",
        "天津南站区域",
        "南站地区医院建设进度",
        "南站地区规划的社区医院什么时候建成投用？",
        "ok",
        19,
    ),
    (
        "2021-09-06 14",
        "12345",
        "consult",
        "labour",
        "",
        "园区企业拖欠工资",
        "我在园区一家企业工作，企业已拖欠两个月工资，请帮助协调。",
        "ok",
        0,
    ),
    (
        "2021-09-22 09",
        "zmlj",
        "suggestion",
        "transit",
        "天津南站",
        "建议开通南站至园区通勤班车",
        "南站到产业园区没有直达公交，建议开通通勤班车。",
        "basic",
        13,
    ),
    (
        "2021-10-11 10",
        "12345",
        "consult",
        "roads",
        "天津南站区域",
        "南站配套道路建设规划",
        "请问南站配套道路建设规划是否已批复，何时开始征地？",
        "ok",
        7,
    ),
    (
        "2021-10-25 16",
        "12345",
        "consult",
        "investment",
        "",
        "招商项目用地政策",
        "咨询招商项目用地的供地方式和价格政策。",
        "ok",
        0,
    ),
    (
        "2021-11-08 09",
        "zmlj",
        "complaint",
        "roads",
        "天津南站区域",
        "南站周边道路破损",
        "南站周边道路路面破损严重，坑洼不平，雨天积水。",
        "late",
        10,
    ),
    (
        "2021-11-22 11",
        "12345",
        "help",
        "other",
        "",
        "申请查阅规划文件",
        "想查阅本区产业规划文件全文。",
        "ok",
        0,
    ),
    (
        "2021-12-06 14",
        "12345",
        "suggestion",
        "facilities",
        "天津南站区域",
        "南站地区增设公共停车场",
        "南站地区停车难，建议规划建设公共停车场。",
        "ok",
        16,
    ),
    (
        "2021-12-20 10",
        "zmlj",
        "consult",
        "roads",
        "天津南站区域",
        "南站路网规划明年安排",
        "南站地区路网规划明年有哪些道路开工？",
        "ok",
        22,
    ),
]

NAMES = ["张伟", "王芳", "李娜", "刘强", "陈静", "杨洋", "赵磊", "黄敏", "周杰", "吴婷"]


def _aware(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.strptime(text, "%Y-%m-%d %H"))


def _setup(departments) -> dict:
    categories = {}
    for order, (code, name, parent, dept, keywords) in enumerate(CATEGORIES):
        categories[code] = Category.objects.create(
            code=code,
            name=name,
            parent=categories.get(parent),
            department=departments[dept],
            keywords=keywords,
            order=order,
            attributes=(
                [
                    {
                        "variable": True,
                        "code": "road_name",
                        "datatype": "string",
                        "required": False,
                        "datatype_description": "道路名称",
                        "order": 1,
                        "description": "涉及的道路名称",
                    }
                ]
                if code == "roads"
                else []
            ),
        )
    for order, (code, _name, parent, dept, _kw) in enumerate(CATEGORIES):
        if parent is None:
            RoutingRule.objects.create(
                order=10 + order,
                category=categories[code],
                department=departments[dept],
            )
    # Anything about 南站 without a category goes to 规划建设科; the rest waits for the
    # dispatcher to assign it by hand.
    RoutingRule.objects.create(
        order=90, place_contains="南站", department=departments["guihua"]
    )
    for code, title, text in TEMPLATES:
        ReplyTemplate.objects.create(
            category=categories[code] if code else None, title=title, text=text
        )
    return categories


def _reply_text(title: str) -> str:
    return f"您好！关于“{title}”的诉求已收悉。经我办会同相关部门核实办理，情况如下：已纳入年度工作安排，将按计划推进，办理进展将及时向您反馈。"


def load(people: dict, actor) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    categories = _setup(departments)
    staff = {
        "guihua": people["liuyang"],
        "chanye": people["wugang"],
        "zhaoshang": people["zhenghua"],
        "bangongshi": people["sunli"],
    }
    for n, row in enumerate(TICKETS_2021):
        received, channel, kind, category, place, title, content, outcome, likes = row
        at = _aware(received)
        ticket = services.do_register(
            actor=actor,
            at=at,
            channel=channel,
            external_no=f"{'RX' if channel == '12345' else 'ZM'}2021{n + 1:05d}",
            received_at=at,
            citizen_name=NAMES[n % len(NAMES)],
            citizen_phone=f"1380022{n:04d}",
            title=title,
            content=content,
            kind=kind,
            category=categories[category],
            place=place,
            likes=likes,
        )
        handler = staff[ticket.department.code]
        ticket = services.do_sign(
            actor=handler, ticket=ticket, at=at + dt.timedelta(hours=3)
        )
        days = 9 if outcome == "late" else 2
        replied = at + dt.timedelta(days=days)
        ticket = services.do_reply(
            actor=handler, ticket=ticket, text=_reply_text(title), at=replied
        )
        callback = replied + dt.timedelta(days=1)
        if outcome == "reopen":
            ticket = services.do_callback(
                actor=actor,
                ticket=ticket,
                satisfaction=T.Satisfaction.UNSATISFIED,
                solved=False,
                note="市民认为答复没有具体时间表。",
                at=callback,
            )
            replied = callback + dt.timedelta(days=2)
            ticket = services.do_reply(
                actor=handler,
                ticket=ticket,
                text=_reply_text(title) + "经再次协调，已明确于2022年上半年启动建设。",
                at=replied,
            )
            callback = replied + dt.timedelta(days=1)
        satisfaction = (
            T.Satisfaction.BASIC if outcome == "basic" else T.Satisfaction.SATISFIED
        )
        ticket = services.do_callback(
            actor=actor,
            ticket=ticket,
            satisfaction=satisfaction,
            solved=outcome != "basic",
            at=callback,
        )
        if likes >= 15:
            services.do_publish(actor=actor, ticket=ticket, on=True)
    # The office's own model, learnt from the 2021 tickets, so that the new ticket
    # waiting to be assigned shows its suggested category and the words behind it.
    from .suggest import train_from_tickets

    train_from_tickets()
    _current_month(people, actor, categories, staff)
    from . import hot

    hot.refresh_topics(since=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))


CURRENT = [
    # hours ago, channel, kind, category, place, title, content, state
    (
        200,
        "12345",
        "complaint",
        "noise",
        "南站家园小区",
        "南站家园旁工地又夜间施工",
        "南站家园小区旁工地这周连续夜间施工。",
        "overdue",
    ),
    (
        80,
        "zmlj",
        "consult",
        "roads",
        "天津南站区域",
        "南站地区道路今年完工吗",
        "南站地区在建道路今年能否完工通车？",
        "replied",
    ),
    (
        50,
        "12345",
        "help",
        "transit",
        "天津南站",
        "南站公交站台破损",
        "南站公交站台顶棚破损，下雨漏水。",
        "handling",
    ),
    (
        30,
        "12345",
        "suggestion",
        "facilities",
        "天津南站区域",
        "南站地区增设充电桩",
        "建议在南站地区公共停车场增设新能源汽车充电桩。",
        "extend",
    ),
    (
        20,
        "zmlj",
        "consult",
        "investment",
        "",
        "招商奖励兑现时间",
        "去年申报的招商奖励何时兑现？",
        "assigned",
    ),
    (
        6,
        "12345",
        "help",
        None,
        "南站科技园",
        "科技园门口路灯不亮",
        "南站科技园门口一段路的路灯已坏一周。",
        "assigned",
    ),
    (
        3,
        "12345",
        "complaint",
        None,
        "",
        "办事窗口态度差",
        "在窗口办事时工作人员态度生硬。",
        "new",
    ),
]


def _current_month(people, actor, categories, staff) -> None:
    now = timezone.now()
    for n, (hours, channel, kind, category, place, title, content, state) in enumerate(
        CURRENT
    ):
        at = now - dt.timedelta(hours=hours)
        values = {
            "channel": channel,
            "external_no": f"{'RX' if channel == '12345' else 'ZM'}{at:%Y%m%d}{n + 1:03d}",
            "received_at": at,
            "citizen_name": NAMES[(n + 3) % len(NAMES)],
            "citizen_phone": f"1390033{n:04d}",
            "title": title,
            "content": content,
            "kind": kind,
            "category": categories[category] if category else None,
            "place": place,
        }
        ticket = services.do_register(actor=actor, at=at, **values)
        if state == "new":  # no rule matches: the dispatcher assigns it by hand
            continue
        handler = staff[ticket.department.code]
        if state in ("overdue", "handling", "replied", "extend"):
            ticket = services.do_sign(
                actor=handler, ticket=ticket, at=at + dt.timedelta(hours=2)
            )
        if state == "replied":
            ticket = services.do_reply(
                actor=handler,
                ticket=ticket,
                text=_reply_text(title),
                at=at + dt.timedelta(hours=30),
            )
        if state == "extend":
            services.do_request(
                actor=handler,
                ticket=ticket,
                kind=T.Request.EXTEND,
                reason="需协调供电部门现场勘查。",
                days=5,
            )
