"""`fazhi demo`: load the office of the reference summary (区协同办, 2021) and a current year
in progress. Everything goes through the services, so the demo has a real audit trail.

Names of people are invented; the office, its work and its counts are the summary's.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from fazhi.core.attachments import do_attach
from fazhi.core.models import Department, Role, User

DEMO_PASSWORD = "Fazhi@2021"

DEPARTMENTS = [
    # code, name, parent code
    ("office", "区协同办", None),
    ("bangongshi", "办公室", "office"),
    ("xietong", "协同发展科", "office"),
    ("chanye", "产业促进科", "office"),
    ("guihua", "规划建设科", "office"),
    ("zhaoshang", "招商服务科", "office"),
]

# username, name, department, post, roles, what they may do (the demo logins)
PEOPLE = [
    ("admin", "王建国", "bangongshi", "信息化管理员", [Role.ADMIN], "系统管理员"),
    (
        "zhuren",
        "李志强",
        "office",
        "党组书记、主任",
        [Role.LEADER],
        "单位领导（法治建设第一责任人）",
    ),
    (
        "fuzhuren",
        "陈明",
        "office",
        "党组成员、副主任",
        [Role.LEADER],
        "单位领导（分管法治）",
    ),
    ("fazhi", "赵敏", "bangongshi", "法制员", [Role.LEGAL_OFFICER], "法治工作负责人"),
    ("lvshi", "周律", None, "新华律师事务所 律师", [Role.COUNSEL], "法律顾问"),
    ("sunli", "孙丽", "bangongshi", "科员", [Role.STAFF], "科室人员（办公室）"),
    ("liuyang", "刘洋", "guihua", "科长", [Role.STAFF], "科室人员（规划建设科）"),
    ("wugang", "吴刚", "chanye", "科员", [Role.STAFF], "科室人员（产业促进科）"),
    ("zhenghua", "郑华", "zhaoshang", "科员", [Role.STAFF], "科室人员（招商服务科）"),
]

# The 2021 plan as the summary describes its work: (title, content, category, dept,
# owner, due, progress notes [(date, %, note)]).
TASKS_2021 = [
    (
        "落实党政主要负责人履行推进法治建设第一责任人职责",
        "明确单位一把手为法治建设第一责任人、班子成员各负其责，结合分管领域谋划法治政府建设任务。",
        "leadership",
        "bangongshi",
        "fazhi",
        "2021-03-31",
        [("2021-03-05", 100, "党组会明确第一责任人职责和班子成员分工，印发分工方案。")],
    ),
    (
        "开展以宪法为核心的法治宣传教育",
        "结合《西青区学习宣传贯彻习近平法治思想工作方案》《2021年西青区普法依法治理工作意见》开展宣传教育。",
        "outreach",
        "bangongshi",
        "sunli",
        "2021-12-31",
        [
            ("2021-06-30", 50, "上半年完成宪法学习和宣传栏更新。"),
            ("2021-12-06", 100, "国家宪法日期间开展宪法宣传，全年任务完成。"),
        ],
    ),
    (
        "党组理论学习中心组每季度开展1次法治学习",
        "把习近平法治思想作为学习重点，传达学习全面依法治国重要讲话精神，把握“十一个坚持”。",
        "study",
        "bangongshi",
        "fazhi",
        "2021-12-31",
        [
            ("2021-03-26", 25, "第一季度中心组法治学习。"),
            ("2021-06-25", 50, "第二季度中心组法治学习。"),
            ("2021-09-24", 75, "第三季度中心组法治学习。"),
            ("2021-12-17", 100, "第四季度中心组法治学习。"),
        ],
    ),
    (
        "执行《区协同办“三重一大”制度实施办法》",
        "明确“三重一大”事项的原则、决策范围、决策内容和决策程序；招商引资、财政资金、工程项目等事项上会研究。",
        "administration",
        "bangongshi",
        "fazhi",
        "2021-12-31",
        [("2021-12-28", 100, "全年“三重一大”事项均经党组会集体研究。")],
    ),
    (
        "聘请法律顾问并备案，开展合法性审核",
        "聘用新华律师事务所专职律师为外聘法律顾问，填写《党政机关聘任法律顾问备案登记表》备案；对投资奖励、招投标文件等进行法律审核。",
        "counsel",
        "bangongshi",
        "fazhi",
        "2021-12-31",
        [
            ("2021-03-15", 30, "与新华律师事务所签订法律顾问合同并完成备案。"),
            ("2021-12-30", 100, "法律顾问全年开展法律审核30余次。"),
        ],
    ),
    (
        "组织专题讲座和网络旁听庭审",
        "邀请党校老师、律师开展专题讲座；组织网络旁听庭审；学习《民法典》《天津市行政调解规定》等法律法规。",
        "study",
        "bangongshi",
        "sunli",
        "2021-11-30",
        [
            ("2021-05-20", 40, "邀请党校老师开展习近平法治思想专题讲座。"),
            ("2021-09-15", 70, "组织网络旁听庭审1次；律师开展民法典专题讲座。"),
            ("2021-11-26", 100, "全年学习重要法律法规8次。"),
        ],
    ),
    (
        "开展“美好生活·民法典相伴”主题法治宣传教育活动",
        "深入李七庄宏城御溪园社区，发放《民法典》图解手册，讲解法律知识。",
        "outreach",
        "xietong",
        "sunli",
        "2021-06-30",
        [
            (
                "2021-05-28",
                100,
                "在李七庄宏城御溪园社区开展宣传，发放《民法典》图解手册。",
            )
        ],
    ),
    (
        "参加“红心向党·法润西青”法治文化节活动",
        "发放《宪法》图解手册，引导群众依法办事、依法维权。",
        "outreach",
        "xietong",
        "sunli",
        "2021-10-31",
        [("2021-07-01", 100, "参加法治文化节活动，发放《宪法》图解手册。")],
    ),
    (
        "推进重点领域信息公开",
        "推进财政预决算、公共资源配置、重大项目建设等重点领域信息公开；学习《政府信息公开条例》。",
        "disclosure",
        "bangongshi",
        "fazhi",
        "2021-12-31",
        [
            ("2021-02-20", 30, "公开2021年部门预算。"),
            ("2021-08-31", 60, "公开2020年部门决算。"),
            ("2021-12-20", 100, "重大项目建设信息按时公开。"),
        ],
    ),
    (
        "办理“12345便民热线”和“政民零距离”群众诉求",
        "及时处理群众反馈问题，认真倾听天津南站区域道路规划、配套建设的咨询诉求和合理化建议。",
        "demands",
        "guihua",
        "liuyang",
        "2021-12-31",
        [("2021-12-31", 100, "全年诉求均按时办理答复。")],
    ),
]

DUTIES_2021 = [
    (
        "2021-02-26",
        "deploy",
        "主持召开法治政府建设部署会，部署2021年法治政府建设工作计划",
        1,
    ),
    ("2021-04-12", "ask", "听取法律顾问对招商引资投资奖励协议的审核意见", 5),
    ("2021-06-18", "coordinate", "协调规划建设科答复天津南站区域道路规划群众诉求", 10),
    ("2021-09-10", "supervise", "督办重点领域信息公开和部门决算公开", 9),
    ("2021-12-04", "deploy", "部署国家宪法日宣传活动", 2),
    ("2021-12-27", "supervise", "督办法治政府建设年度工作总结", 1),
]

# The 2022 plan as the summary's "二、2022年工作计划" sets it out, in the shape of
# TASKS_2021; all done in 2022.
TASKS_2022 = [
    (
        "进一步加强对法治内容的学习",
        "落实领导干部学法用法制度、中心组学法制度，坚持集中学习与自学相结合，组织干部参加"
        "集体培训和天津市领导干部网上学法用法考试。",
        "study",
        "bangongshi",
        "fazhi",
        "2022-12-31",
        [("2022-12-28", 100, "全年任务完成。")],
    ),
    (
        "健全完善法律顾问制度",
        "重大事项决策实施之前由法律顾问审核把关，提出专业法律意见；邀请法律顾问开展法治讲座。",
        "counsel",
        "bangongshi",
        "fazhi",
        "2022-12-31",
        [("2022-12-28", 100, "全年任务完成。")],
    ),
    (
        "强化重点任务，加强宣传引导",
        "利用“4.15全民国家安全日”“12.4国家宪法日”等宣传节点，依托宣传栏、“两微一端”和党员干部"
        "社区联系点，广泛开展多形式法治宣传。",
        "outreach",
        "xietong",
        "sunli",
        "2022-12-04",
        [("2022-12-01", 100, "全年任务完成。")],
    ),
]
# The current year: (title, category, dept, owner, due offset in days from today or
# ("wd", n) for n working days from today, progress).
TASKS_NOW = [
    (
        "召开年度法治政府建设部署会并印发工作计划",
        "leadership",
        "bangongshi",
        "fazhi",
        -250,
        100,
    ),
    ("党组理论学习中心组第一季度法治学习", "study", "bangongshi", "fazhi", -240, 100),
    ("党组理论学习中心组第二季度法治学习", "study", "bangongshi", "fazhi", -150, 100),
    ("党组理论学习中心组第三季度法治学习", "study", "bangongshi", "fazhi", -60, 100),
    ("党组理论学习中心组第四季度法治学习", "study", "bangongshi", "fazhi", 20, 0),
    ("组织参加天津市领导干部网上学法用法考试", "study", "bangongshi", "sunli", -12, 60),
    (
        "法律顾问对招商引资协议开展合法性审核",
        "counsel",
        "zhaoshang",
        "zhenghua",
        -5,
        40,
    ),
    ("公开部门决算和“三公”经费", "disclosure", "bangongshi", "fazhi", -3, 80),
    ("“12.4国家宪法日”宪法宣传周进社区活动", "outreach", "xietong", "sunli", 4, 30),
    ("办理天津南站区域配套建设群众诉求", "demands", "guihua", "liuyang", 6, 50),
    ("更新宣传栏和“两微一端”普法内容", "outreach", "xietong", "sunli", 2, 20),
    ("产业项目招商政策合法性审查", "administration", "chanye", "wugang", ("wd", 15), 0),
    (
        "编制年度法治政府建设工作报告",
        "leadership",
        "bangongshi",
        "fazhi",
        ("wd", 40),
        0,
    ),
]


class Command(BaseCommand):
    help = "Load the demo office (区协同办, 2021 and the current year). --if-empty to skip on a used database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (successfully) when the database already has users.",
        )

    def handle(self, *args, if_empty=False, **options):
        if User.objects.exists():
            if if_empty:
                self.stdout.write(
                    "The database already has data; the demo was not loaded again."
                )
                self.print_logins()
                return
            raise CommandError(
                "The database already has users; the demo loads only into an empty one."
            )
        with transaction.atomic():
            self.load()
        call_command("sendreminders", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo office loaded."))
        self.print_logins()

    def print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, name, _dept, post, _roles, role_label in PEOPLE:
            self.stdout.write(f"  {username:<10} {name}  {post} — {role_label}")

    def load(self):
        from fazhi.plans import services as plan_services

        depts = {}
        for code, name, parent in DEPARTMENTS:
            depts[code] = Department.objects.create(
                code=code, name=name, parent=depts.get(parent), order=len(depts)
            )
        people = {}
        for username, name, dept, post, roles, _label in PEOPLE:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                name=name,
                department=depts.get(dept),
                title=post,
                is_staff=Role.ADMIN in roles,
                is_superuser=False,
            )
            user.groups.set(Group.objects.filter(name__in=roles))
            people[username] = user
        clerk, chief, deputy = people["fazhi"], people["zhuren"], people["fuzhuren"]

        def date(text):
            return dt.date.fromisoformat(text)

        attendees = [chief, deputy, clerk, people["liuyang"], people["sunli"]]

        def past_plan(year, summary, meeting_date, rows):
            """A past year's plan with its tasks and their progress notes."""
            plan = plan_services.do_create_plan(
                actor=clerk,
                year=year,
                title=f"区协同办{year}年法治政府建设工作计划",
                summary=summary,
                meeting_date=date(meeting_date),
                meeting_chair=chief,
                attendees=attendees,
            )
            tasks = []
            for title, content, cat, dept, owner, due, notes in rows:
                task = plan_services.do_create_task(
                    plan,
                    actor=clerk,
                    title=title,
                    content=content,
                    category=cat,
                    department=depts[dept],
                    owner=people[owner],
                    leader=deputy,
                    start_date=dt.date(year, 3, 1),
                    due_date=date(due),
                )
                for day, percent, note in notes:
                    plan_services.do_record_progress(
                        task,
                        actor=people[owner],
                        date=date(day),
                        note=note,
                        progress=percent,
                    )
                tasks.append(task)
            return plan, tasks

        # --- 2021, as the summary tells it; 2022 as its plan for the next year ---
        plan, tasks = past_plan(
            2021,
            "明确开展以宪法为核心的中国特色社会主义法律体系的法治宣传教育活动，推动法治化进程不断发展进步。",
            "2021-02-26",
            TASKS_2021,
        )
        text = "\n".join(f"{i}. {t[0]}" for i, t in enumerate(TASKS_2021, start=1))
        do_attach(
            plan,
            SimpleUploadedFile(
                "区协同办2021年法治政府建设工作计划.txt",
                f"区协同办2021年法治政府建设工作计划\n\n{text}\n".encode(),
            ),
            actor=clerk,
        )
        for day, kind, matter, task_no in DUTIES_2021:
            plan_services.do_log_duty(
                actor=clerk,
                date=date(day),
                leader=chief,
                kind=kind,
                matter=matter,
                task=tasks[task_no - 1],
            )
        past_plan(
            2022,
            "继续发挥法治建设职能，深挖普法特色和亮点，将法治宣传教育工作制度化、常态化。",
            "2022-02-25",
            TASKS_2022,
        )

        # --- the current year, in progress, with live deadlines ---
        today = timezone.localdate()
        year = today.year
        plan_now = plan_services.do_create_plan(
            actor=clerk,
            year=year,
            title=f"区协同办{year}年法治政府建设工作计划",
            summary="继续发挥法治建设职能，深挖普法特色和亮点，将法治宣传教育工作制度化、常态化。",
            meeting_date=dt.date(year, 2, 27),
            meeting_chair=chief,
            attendees=attendees,
        )
        for title, cat, dept, owner, due, percent in TASKS_NOW:
            fields = {}
            if isinstance(due, tuple):
                fields = {"due_base_date": today, "due_working_days": due[1]}
            else:
                fields = {"due_date": today + dt.timedelta(days=due)}
            task = plan_services.do_create_task(
                plan_now,
                actor=clerk,
                title=title,
                category=cat,
                department=depts[dept],
                owner=people[owner],
                leader=deputy,
                **fields,
            )
            if percent:
                when = min(today, task.due_date) if percent == 100 else today
                plan_services.do_record_progress(
                    task,
                    actor=people[owner],
                    date=when,
                    progress=percent,
                    note="已完成。" if percent == 100 else "按计划推进中。",
                )
        plan_services.do_log_duty(
            actor=clerk,
            date=dt.date(year, 2, 27),
            leader=chief,
            kind="deploy",
            matter=f"主持召开{year}年法治政府建设部署会",
        )
        from fazhi.learning import demo as learning_demo

        learning_demo.load(people, clerk)
        from fazhi.outreach import demo as outreach_demo

        outreach_demo.load(clerk)
        from fazhi.legal import demo as legal_demo

        legal_demo.load(people, clerk)
        from fazhi.decisions import demo as decisions_demo

        decisions_demo.load(people, clerk)
        from fazhi.disclosure import demo as disclosure_demo

        disclosure_demo.load(people, clerk)
        from fazhi.hotline import demo as hotline_demo

        hotline_demo.load(people, clerk)

        plan_services.do_log_duty(
            actor=clerk,
            date=today - dt.timedelta(days=10),
            leader=chief,
            kind="supervise",
            matter="督办逾期的学法用法考试组织工作",
        )
