"""The demo office's exams: a question bank on the laws it studies, its 2021 民法典 test
and the city's 2021 online exam (网上学法用法考试), and this year's test half done."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from . import exams
from .models import Law, Question

S, M, T = Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE
CONSTITUTION = "中华人民共和国宪法"
CIVIL_CODE = "中华人民共和国民法典"
PENALTIES = "中华人民共和国行政处罚法"

# kind, question, options, answer, law, article, explanation (the article's words)
QUESTIONS = [
    (
        S,
        "中华人民共和国的一切权力属于（　）。",
        ["人民", "全国人民代表大会", "国务院", "各级人民政府"],
        "A",
        CONSTITUTION,
        "第二条",
        "中华人民共和国的一切权力属于人民。",
    ),
    (
        T,
        "中华人民共和国实行依法治国，建设社会主义法治国家。",
        [],
        "A",
        CONSTITUTION,
        "第五条",
        "中华人民共和国实行依法治国，建设社会主义法治国家。",
    ),
    (
        T,
        "国家尊重和保障人权。",
        [],
        "A",
        CONSTITUTION,
        "第三十三条",
        "国家尊重和保障人权。",
    ),
    (
        T,
        "国家工作人员就职时应当依照法律规定公开进行宪法宣誓。",
        [],
        "A",
        CONSTITUTION,
        "第二十七条",
        "国家工作人员就职时应当依照法律规定公开进行宪法宣誓。",
    ),
    (
        S,
        "每年（　）为全民国家安全教育日。",
        ["3月15日", "4月15日", "12月4日", "9月3日"],
        "B",
        "中华人民共和国国家安全法",
        "第十四条",
        "每年4月15日为全民国家安全教育日。",
    ),
    (
        S,
        "十八周岁以上的自然人为（　）。",
        ["成年人", "限制民事行为能力人", "未成年人", "无民事行为能力人"],
        "A",
        CIVIL_CODE,
        "第十七条",
        "十八周岁以上的自然人为成年人。不满十八周岁的自然人为未成年人。",
    ),
    (
        S,
        "向人民法院请求保护民事权利的诉讼时效期间一般为（　）。",
        ["一年", "二年", "三年", "五年"],
        "C",
        CIVIL_CODE,
        "第一百八十八条",
        "向人民法院请求保护民事权利的诉讼时效期间为三年。法律另有规定的，依照其规定。",
    ),
    (
        S,
        "八周岁以上的未成年人为（　）。",
        [
            "完全民事行为能力人",
            "限制民事行为能力人",
            "无民事行为能力人",
            "无民事权利能力人",
        ],
        "B",
        CIVIL_CODE,
        "第十九条",
        "八周岁以上的未成年人为限制民事行为能力人。",
    ),
    (
        S,
        "结婚年龄，男不得早于（　）周岁。",
        ["十八", "二十", "二十二", "二十四"],
        "C",
        CIVIL_CODE,
        "第一千零四十七条",
        "结婚年龄，男不得早于二十二周岁，女不得早于二十周岁。",
    ),
    (
        M,
        "民事主体从事民事活动，应当遵循下列哪些原则？",
        ["平等", "自愿", "公平", "诚信", "效率优先"],
        "ABCD",
        CIVIL_CODE,
        "第四条至第七条",
        "民事主体在民事活动中的法律地位一律平等；应当遵循自愿、公平、诚信原则。",
    ),
    (
        T,
        "《中华人民共和国民法典》自2021年1月1日起施行。",
        [],
        "A",
        CIVIL_CODE,
        "第一千二百六十条",
        "本法自2021年1月1日起施行。",
    ),
    (
        T,
        "十六周岁以上的未成年人，以自己的劳动收入为主要生活来源的，视为完全民事行为能力人。",
        [],
        "A",
        CIVIL_CODE,
        "第十八条",
        "十六周岁以上的未成年人，以自己的劳动收入为主要生活来源的，视为完全民事行为能力人。",
    ),
    (
        T,
        "不满十八周岁的自然人均为无民事行为能力人。",
        [],
        "B",
        CIVIL_CODE,
        "第二十条",
        "不满八周岁的未成年人为无民事行为能力人。",
    ),
    (
        M,
        "下列属于《行政处罚法》规定的行政处罚种类的有（　）。",
        ["警告、通报批评", "罚款、没收违法所得", "行政拘留", "记过"],
        "ABC",
        PENALTIES,
        "第九条",
        "行政处罚的种类：警告、通报批评；罚款、没收违法所得、没收非法财物；暂扣许可证件、降低资质等级、吊销许可证件；限制开展生产经营活动、责令停产停业、责令关闭、限制从业；行政拘留；法律、行政法规规定的其他行政处罚。",
    ),
    (
        S,
        "违法行为在（　）内未被发现的，一般不再给予行政处罚。",
        ["一年", "二年", "三年", "五年"],
        "B",
        PENALTIES,
        "第三十六条",
        "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。法律另有规定的除外。",
    ),
    (
        S,
        "违法事实确凿并有法定依据，对公民处以（　）以下罚款的，可以当场作出行政处罚决定。",
        ["五十元", "一百元", "二百元", "五百元"],
        "C",
        PENALTIES,
        "第五十一条",
        "违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的行政处罚的，可以当场作出行政处罚决定。",
    ),
    (
        S,
        "当事人要求听证的，应当在行政机关告知后（　）内提出。",
        ["三日", "五日", "七日", "十日"],
        "B",
        PENALTIES,
        "第六十四条",
        "当事人要求听证的，应当在行政机关告知后五日内提出。",
    ),
    (
        T,
        "公民、法人或者其他组织对行政机关所给予的行政处罚，享有陈述权、申辩权。",
        [],
        "A",
        PENALTIES,
        "第七条",
        "公民、法人或者其他组织对行政机关所给予的行政处罚，享有陈述权、申辩权；对行政处罚不服的，有权依法申请行政复议或者提起行政诉讼。",
    ),
    (
        S,
        "行政机关不能当场答复政府信息公开申请的，应当自收到申请之日起（　）内予以答复。",
        ["10个工作日", "15个工作日", "20个工作日", "30日"],
        "C",
        "中华人民共和国政府信息公开条例",
        "第三十三条",
        "行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。",
    ),
    (
        T,
        "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。",
        [],
        "A",
        "中华人民共和国政府信息公开条例",
        "第二十六条",
        "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。法律、法规对政府信息公开的期限另有规定的，从其规定。",
    ),
    (
        S,
        "公民认为行政行为侵犯其合法权益的，可以自知道或者应当知道该行政行为之日起（　）内提出行政复议申请（法律规定的期限超过的除外）。",
        ["十五日", "三十日", "六十日", "六个月"],
        "C",
        "中华人民共和国行政复议法",
        "第二十条",
        "公民、法人或者其他组织认为行政行为侵犯其合法权益的，可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请；但是法律规定的申请期限超过六十日的除外。",
    ),
    (
        S,
        "直接向人民法院提起行政诉讼的，一般应当自知道或者应当知道作出行政行为之日起（　）内提出。",
        ["三个月", "六个月", "一年", "二年"],
        "B",
        "中华人民共和国行政诉讼法",
        "第四十六条",
        "公民、法人或者其他组织直接向人民法院提起诉讼的，应当自知道或者应当知道作出行政行为之日起六个月内提出。法律另有规定的除外。",
    ),
]


def load_questions(actor) -> None:
    laws = {law.name: law for law in Law.objects.all()}
    for kind, text, options, answer, law, article, explanation in QUESTIONS:
        if law not in laws:
            laws[law] = Law.objects.create(name=law, kind=Law.Kind.LAW)
        exams.do_add_question(
            actor=actor,
            kind=kind,
            text=text,
            options=options,
            answer=answer,
            law=laws[law],
            article=article,
            explanation=explanation,
        )


def _sit(exam, person, started, rng: random.Random, skill: float) -> None:
    """`person` sits `exam` at `started`, getting each answer right with chance `skill`."""
    attempt = exams.do_start_attempt(exam, person=person, now=started, rng=rng)
    responses = {}
    for answer in attempt.answers.select_related("question"):
        q = answer.question
        if rng.random() < skill:
            responses[answer.order] = q.answer
        else:
            wrong = [letter for letter, _o in q.lettered() if letter != q.answer[0]]
            responses[answer.order] = rng.choice(wrong)
    exams.do_submit_attempt(
        attempt,
        responses=responses,
        now=started + dt.timedelta(minutes=rng.randint(12, 28)),
    )


def load(people: dict, actor) -> None:
    load_questions(actor)
    civil_code = Law.objects.get(name=CIVIL_CODE)
    staff = [p for name, p in people.items() if name not in ("lvshi", "admin")]
    rng = random.Random(2021)
    tz = timezone.get_current_timezone()

    # 2021: the office's own 民法典 test (one person away on business did not sit it) …
    opens = dt.datetime(2021, 6, 1, 9, 0, tzinfo=tz)
    test = exams.do_create_exam(
        actor=actor,
        candidates=staff,
        title="2021年度《民法典》知识测试",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=14),
        minutes=30,
        pass_percent=60,
        mode="fixed",
        rules=[
            {"kind": S, "law": civil_code.pk, "count": 4, "points": 15},
            {"kind": M, "law": civil_code.pk, "count": 1, "points": 20},
            {"kind": T, "law": civil_code.pk, "count": 2, "points": 10},
        ],
    )
    exams.do_publish_exam(test, actor=actor, rng=rng)
    for n, person in enumerate(staff):
        if person.username == "wugang":
            continue
        _sit(test, person, opens + dt.timedelta(days=n % 5, hours=1), rng, 0.85)

    # … and the city's online exam, every member of staff passing.
    exams.do_record_external_results(
        [
            {
                "exam_name": "2021年天津市国家工作人员网上学法用法考试",
                "person": person,
                "taken_on": dt.date(2021, 11, 20),
                "score": Decimal(rng.randint(82, 100)),
                "passed": True,
            }
            for person in staff
        ],
        actor=actor,
        source="天津市网上学法用法考试平台导出.xlsx",
    )

    # This year: a test open now, half the staff done.
    now = timezone.now().replace(second=0, microsecond=0)
    year = timezone.localdate().year
    opens = max(dt.datetime(year, 1, 1, 9, 0, tzinfo=tz), now - dt.timedelta(days=7))
    current = exams.do_create_exam(
        actor=actor,
        candidates=staff,
        title=f"{year}年度宪法和行政法律知识测试",
        opens_at=opens,
        closes_at=now + dt.timedelta(days=14),
        minutes=30,
        pass_percent=60,
        mode="random",
        rules=[
            {"kind": S, "law": None, "count": 5, "points": 10},
            {"kind": M, "law": None, "count": 1, "points": 20},
            {"kind": T, "law": None, "count": 3, "points": 10},
        ],
    )
    exams.do_publish_exam(current, actor=actor, rng=rng)
    for n, person in enumerate(staff[: len(staff) // 2]):
        _sit(current, person, opens + dt.timedelta(hours=2 + n), rng, 0.8)
