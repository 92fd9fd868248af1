"""三重一大 and major administrative decisions: each statutory gate refuses with its rule
and saves nothing; quorum and majority count as the rules count."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from fazhi.core.models import AuditEntry, Role, User
from fazhi.decisions import services
from fazhi.decisions.models import AgendaItem, Matter, Meeting, Stage
from fazhi.legal import services as legal

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def members(dept_a):
    people = []
    for n in range(5):
        user = User.objects.create_user(
            username=f"member{n}", password="x", name=f"成员{n}", department=dept_a
        )
        user.groups.set(Group.objects.filter(name=Role.LEADER))
        people.append(user)
    return people


@pytest.fixture
def engagement(officer, counsel):
    return legal.do_engage_counsel(
        actor=officer,
        firm="新华律师事务所",
        name="周律",
        contract_start=dt.date(2026, 1, 1),
        contract_end=dt.date(2026, 12, 31),
        user=counsel,
    )


def matter(officer, dept_a, **extra):
    return services.do_register_matter(
        actor=officer,
        title=extra.pop("title", "招商引资项目投资奖励"),
        category=extra.pop("category", Matter.Category.FUNDS),
        department=dept_a,
        amount=extra.pop("amount", 2_000_000),
        **extra,
    )


def review(officer, engagement, dept_a, m, outcome="lawful"):
    r = legal.do_request_review(
        actor=officer,
        title=f"审查：{m.title}",
        kind="incentive",
        department=dept_a,
        received_on=dt.date(2026, 10, 20),
        counsel=engagement,
        matter=m,
        today=DAY,
    )
    return legal.do_give_opinion(
        r,
        actor=engagement.user,
        outcome=outcome,
        opinion="意见",
        opinion_on=dt.date(2026, 10, 23),
    )


def vote(officer, item, *opinions, method="hands", **extra):
    """The vote on `item`: each (member, position, remark) in the order spoken."""
    return services.do_record_vote(
        item, actor=officer, method=method, opinions=list(opinions), **extra
    )


def meeting(officer, members, date=DAY):
    return services.do_plan_meeting(
        actor=officer,
        kind=Meeting.Kind.PARTY_GROUP,
        number="第12次",
        date=date,
        chair=members[0],
        members_due=members,
    )


# --- The legality-review gate ----------------------------------------------------------


def test_no_matter_reaches_the_agenda_without_a_completed_review(
    officer, dept_a, members, engagement
):
    m = matter(officer, dept_a)
    mt = meeting(officer, members)
    with pytest.raises(ValidationError, match="art. 26–28"):
        services.do_add_to_agenda(mt, m, actor=officer)
    review(officer, engagement, dept_a, m, outcome="unlawful")
    with pytest.raises(ValidationError, match="art. 26–28"):
        services.do_add_to_agenda(mt, m, actor=officer)
    assert not AgendaItem.objects.exists()
    m.refresh_from_db()
    assert m.status == Matter.Status.REGISTERED
    review(officer, engagement, dept_a, m, outcome="amend")
    services.do_add_to_agenda(mt, m, actor=officer)
    m.refresh_from_db()
    assert m.status == Matter.Status.ON_AGENDA


def test_the_setting_lets_ordinary_matters_go_without_review_but_not_major_decisions(
    settings, officer, dept_a, members
):
    settings.FAZHI_REVIEW_BEFORE_AGENDA_FOR_ALL = False
    mt = meeting(officer, members)
    services.do_add_to_agenda(mt, matter(officer, dept_a), actor=officer)
    major = matter(officer, dept_a, title="产业扶持办法", major_decision=True)
    with pytest.raises(ValidationError, match="art. 26–28"):
        services.do_add_to_agenda(mt, major, actor=officer)


def test_no_item_is_added_once_the_meeting_is_held(
    officer, dept_a, members, engagement
):
    mt = meeting(officer, members)
    services.do_hold_meeting(mt, actor=officer, present=members)
    m = matter(officer, dept_a)
    review(officer, engagement, dept_a, m)
    with pytest.raises(ValidationError, match="fixed before the meeting"):
        services.do_add_to_agenda(mt, m, actor=officer)


# --- The statutory procedure (713号) ----------------------------------------------------------


def test_a_major_decision_gets_its_stages_in_order(officer, dept_a):
    m = matter(officer, dept_a, major_decision=True, technical=True)
    codes = list(m.stages.values_list("code", flat=True))
    assert codes == Stage.Code.values
    required = dict(m.stages.values_list("code", "required"))
    assert required["experts"] and not required["risk"] and not required["evaluate"]
    assert m.stages.get(code="risk").skipped_reason
    draft = m.stages.get(code="draft")
    with pytest.raises(ValidationError, match="in order"):
        services.do_complete_stage(draft, actor=officer, completed_on=DAY)
    assert not Stage.objects.filter(completed_on__isnull=False).exists()
    services.do_complete_stage(
        m.stages.get(code="start"), actor=officer, completed_on=DAY
    )
    services.do_complete_stage(draft, actor=officer, completed_on=DAY)
    with pytest.raises(ValidationError, match="by a meeting's vote"):
        services.do_complete_stage(
            m.stages.get(code="collective"), actor=officer, completed_on=DAY
        )


def _through_to_public(officer, m):
    for code in ("start", "draft"):
        services.do_complete_stage(
            m.stages.get(code=code), actor=officer, completed_on=dt.date(2026, 9, 1)
        )
    return m.stages.get(code="public")


def test_public_comment_runs_thirty_days_unless_the_reason_is_given(officer, dept_a):
    m = matter(officer, dept_a, major_decision=True)
    public = _through_to_public(officer, m)
    short = {
        "comment_opens": dt.date(2026, 9, 2),
        "comment_closes": dt.date(2026, 9, 30),
    }
    with pytest.raises(ValidationError, match="art. 15"):
        services.do_complete_stage(
            public, actor=officer, completed_on=dt.date(2026, 10, 8), **short
        )
    public.refresh_from_db()
    assert public.completed_on is None
    thirty = {
        "comment_opens": dt.date(2026, 9, 2),
        "comment_closes": dt.date(2026, 10, 1),
    }
    services.do_complete_stage(
        public, actor=officer, completed_on=dt.date(2026, 10, 8), **thirty
    )


def test_hearing_materials_go_out_seven_days_before(officer, dept_a):
    m = matter(officer, dept_a, major_decision=True)
    public = _through_to_public(officer, m)
    fields = {
        "comment_opens": dt.date(2026, 9, 2),
        "comment_closes": dt.date(2026, 10, 10),
        "hearing_on": dt.date(2026, 10, 15),
        "hearing_materials_sent_on": dt.date(2026, 10, 9),
    }
    with pytest.raises(ValidationError, match="art. 17"):
        services.do_complete_stage(
            public, actor=officer, completed_on=dt.date(2026, 10, 20), **fields
        )
    fields["hearing_materials_sent_on"] = dt.date(2026, 10, 8)
    services.do_complete_stage(
        public, actor=officer, completed_on=dt.date(2026, 10, 20), **fields
    )


def test_the_legality_stage_needs_the_review(officer, dept_a, engagement):
    m = matter(officer, dept_a, major_decision=True)
    public = _through_to_public(officer, m)
    services.do_complete_stage(
        public,
        actor=officer,
        completed_on=dt.date(2026, 10, 8),
        comment_opens=dt.date(2026, 9, 2),
        comment_closes=dt.date(2026, 10, 2),
    )
    legality = m.stages.get(code="legality")
    with pytest.raises(ValidationError, match="art. 26–28"):
        services.do_complete_stage(legality, actor=officer, completed_on=DAY)
    review(officer, engagement, dept_a, m)
    services.do_complete_stage(legality, actor=officer, completed_on=DAY)


# --- Meetings: quorum and votes -----------------------------------------------------------------


def test_a_meeting_sits_with_half_the_members_or_more(officer, members):
    """半数以上 includes half (民法典 art. 1259): 2 of 4 sit; 2 of 5 do not."""
    mt = meeting(officer, members)
    with pytest.raises(ValidationError, match="at least half"):
        services.do_hold_meeting(mt, actor=officer, present=members[:2])
    mt.refresh_from_db()
    assert mt.status == Meeting.Status.PLANNED
    assert services.quorum_met(4, 2, personnel=False)
    assert not services.quorum_met(5, 2, personnel=False)
    assert services.quorum_met(6, 4, personnel=True)
    assert not services.quorum_met(6, 3, personnel=True)
    services.do_hold_meeting(mt, actor=officer, present=members[:3])


def test_a_meeting_is_not_held_before_its_date(officer, members):
    future = meeting(officer, members, date=dt.date.today() + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="before its date"):
        services.do_hold_meeting(future, actor=officer, present=members)


def _on_agenda(officer, dept_a, members, engagement, present, **extra):
    m = matter(officer, dept_a, **extra)
    review(officer, engagement, dept_a, m)
    mt = meeting(officer, members)
    item = services.do_add_to_agenda(mt, m, actor=officer)
    services.do_hold_meeting(mt, actor=officer, present=present)
    return item


def test_an_item_passes_with_more_than_half_of_those_due(
    officer, dept_a, members, engagement
):
    """5 due, 3 present, 3 for: 3 > 5/2, passed."""
    chair = members[0]
    item = _on_agenda(officer, dept_a, members, engagement, members[:3])
    vote(
        officer,
        item,
        (members[1], "for", ""),
        (members[2], "for", ""),
        (chair, "for", "同意"),
        decision="同意兑现投资奖励",
    )
    item.refresh_from_db()
    assert (item.result, item.yes) == ("passed", 3)
    assert item.matter.status == Matter.Status.DECIDED


def test_a_majority_of_those_present_is_not_enough(
    officer, dept_a, members, engagement
):
    """5 due, 3 present, 2 for and 1 against: 2 is not more than half of 5."""
    chair = members[0]
    item = _on_agenda(officer, dept_a, members, engagement, members[:3])
    vote(
        officer,
        item,
        (members[1], "against", "资金来源未落实"),
        (members[2], "for", ""),
        (chair, "for", ""),
    )
    item.refresh_from_db()
    assert item.result == "failed" and item.matter.status == Matter.Status.REJECTED
    dissent = list(services.dissent_by_person())
    assert [(o.member, o.remark) for o in dissent] == [(members[1], "资金来源未落实")]


def test_the_chair_speaks_last(officer, dept_a, members, engagement):
    chair = members[0]
    item = _on_agenda(officer, dept_a, members, engagement, members[:3])
    with pytest.raises(ValidationError, match="last"):
        vote(
            officer,
            item,
            (chair, "for", ""),
            (members[1], "for", ""),
            (members[2], "for", ""),
            method="oral",
        )
    item.refresh_from_db()
    assert item.result == "" and not item.opinions.exists()
    assert not AuditEntry.objects.filter(verb="decisions.voted").exists()


def test_absent_members_do_not_vote_and_everyone_present_does(
    officer, dept_a, members, engagement
):
    chair = members[0]
    item = _on_agenda(officer, dept_a, members, engagement, members[:3])
    with pytest.raises(ValidationError, match="not votes"):
        vote(
            officer,
            item,
            (members[4], "for", "书面意见"),
            (members[1], "for", ""),
            (chair, "for", ""),
            method="oral",
        )
    with pytest.raises(ValidationError, match="states a view"):
        vote(officer, item, (members[1], "for", ""), (chair, "for", ""), method="oral")


def test_an_appointment_needs_two_thirds_present(officer, dept_a, members, engagement):
    chair = members[0]
    item = _on_agenda(
        officer,
        dept_a,
        members,
        engagement,
        members[:3],
        category=Matter.Category.PERSONNEL,
        amount=None,
    )
    with pytest.raises(ValidationError, match="two thirds"):
        vote(
            officer,
            item,
            (members[1], "for", ""),
            (members[2], "for", ""),
            (chair, "for", ""),
            method="secret",
        )


def test_a_recused_member_does_not_vote(officer, dept_a, members, engagement):
    chair = members[0]
    item = _on_agenda(officer, dept_a, members, engagement, members[:4])
    with pytest.raises(ValidationError, match="recused"):
        vote(
            officer,
            item,
            (members[1], "for", ""),
            (members[2], "for", ""),
            (members[3], "for", ""),
            (chair, "for", ""),
            recused=[members[3]],
        )
    vote(
        officer,
        item,
        (members[1], "for", ""),
        (members[2], "for", ""),
        (chair, "for", ""),
        recused=[members[3]],
    )
    item.refresh_from_db()
    assert item.result == "passed" and list(item.recused.all()) == [members[3]]


def _major_decision_voted(officer, dept_a, members, engagement):
    """A major decision taken through every required stage before the meeting, then
    passed unanimously at one."""
    m = matter(officer, dept_a, major_decision=True)
    collective = m.stages.get(code="collective").order
    for stage in m.stages.filter(order__lt=collective, required=True):
        extra = {}
        if stage.code == "public":
            extra = {
                "comment_opens": dt.date(2026, 9, 1),
                "comment_closes": dt.date(2026, 10, 1),
            }
        if stage.code == "legality":
            review(officer, engagement, dept_a, m)
        services.do_complete_stage(
            stage, actor=officer, completed_on=dt.date(2026, 10, 25), **extra
        )
    mt = meeting(officer, members)
    item = services.do_add_to_agenda(mt, m, actor=officer)
    services.do_hold_meeting(mt, actor=officer, present=members)
    vote(
        officer,
        item,
        *[(p, "for", "") for p in members[1:]],
        (members[0], "for", ""),
        decision="通过",
    )
    return m


def test_the_vote_completes_the_collective_stage_of_a_major_decision(
    officer, dept_a, members, engagement
):
    m = _major_decision_voted(officer, dept_a, members, engagement)
    assert m.stages.get(code="collective").completed_on == DAY


# --- Pages --------------------------------------------------------------------------------------


def test_the_refused_agenda_shows_the_rule_and_the_pages_render(
    client, officer, dept_a, members, engagement, clerk_b
):
    m = matter(officer, dept_a)
    mt = meeting(officer, members)
    client.force_login(officer)
    refused = client.post(
        reverse("decisions:meeting_agenda", args=[mt.pk]), {"matter": m.pk}
    )
    assert refused.status_code == 422
    assert "713号" in refused.content.decode() or "art. 26" in refused.content.decode()
    review(officer, engagement, dept_a, m)
    ok = client.post(
        reverse("decisions:meeting_agenda", args=[mt.pk]), {"matter": m.pk}
    )
    assert ok.status_code == 302
    held = client.post(
        reverse("decisions:meeting_hold", args=[mt.pk]),
        {"present": [p.pk for p in members[:3]]},
    )
    assert held.status_code == 302
    item = mt.items.get()
    order = [members[1].pk, members[2].pk, members[0].pk]
    voted = client.post(
        reverse("decisions:item_vote", args=[mt.pk, item.pk]),
        {
            "method": "hands",
            "order": order,
            **{f"position_{pk}": "for" for pk in order},
            "decision": "同意",
        },
    )
    assert voted.status_code == 302
    item.refresh_from_db()
    assert item.result == "passed"
    for url in (
        reverse("decisions:matter_list") + "?year=2026",
        reverse("decisions:matter_create"),
        m.get_absolute_url(),
        reverse("decisions:meeting_list") + "?year=2026",
        reverse("decisions:meeting_create"),
        mt.get_absolute_url(),
        reverse("decisions:dissent"),
    ):
        assert client.get(url).status_code == 200, url
    # Another department's clerk sees neither the matter nor the meeting.
    client.force_login(clerk_b)
    assert client.get(m.get_absolute_url()).status_code == 404
    assert client.get(mt.get_absolute_url()).status_code == 404


def test_the_minutes_are_an_official_docx(client, officer, dept_a, members, engagement):
    import io

    from docx import Document

    chair = members[0]
    item = _on_agenda(officer, dept_a, members, engagement, members[:3])
    vote(
        officer,
        item,
        (members[1], "against", "资金来源未落实"),
        (members[2], "for", ""),
        (chair, "for", ""),
        decision="不予通过",
    )
    client.force_login(officer)
    response = client.get(reverse("decisions:meeting_minutes", args=[item.meeting.pk]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "会议记录" in text and "缺席：成员3、成员4" in text
    assert "同意2票，不同意1票，弃权0票；应到会成员5人，未通过" in text
    assert "资金来源未落实" in cells and cells[-3] == "成员0"  # the chair last
    assert "2026年10月23日" in text  # the review's date, no leading zeros
    assert not re.search(r"\{[{%]", text + "".join(cells))  # no template tag left


def _docx(*lines: str, base: bytes | None = None) -> bytes:
    import io

    from docx import Document

    doc = Document(io.BytesIO(base)) if base else Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_the_office_edits_the_minutes_template_in_word(
    client, officer, dept_a, members, engagement, clerk_a
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    from fazhi.core.models import DocumentTemplate

    item = _on_agenda(officer, dept_a, members, engagement, members[:3])
    minutes = reverse("decisions:meeting_minutes", args=[item.meeting.pk])
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    assert "Meeting minutes" in client.get(reverse("core:templates")).content.decode()
    code = "decisions.minutes"
    original = client.get(reverse("core:template_download", args=[code])).content

    def upload(content, name="会议记录模板.docx"):
        return client.post(
            reverse("core:template_upload", args=[code]),
            {"file": SimpleUploadedFile(name, content), "note": "加审阅说明"},
            follow=True,
        ).content.decode()

    refusals = {
        "not a Word document": b"plain text, not a document",
        "does not exist": _docx("{{ 会义名称 }}"),
        "every “for” and “if” has its end": _docx("{%p for 议题 in 议题列表 %}"),
        "not allowed": _docx("{{ 标题.__class__.__mro__ }}"),
    }
    for message, content in refusals.items():
        assert message in upload(content), message
    assert not DocumentTemplate.objects.exists()  # nothing half-saved

    edited = _docx("本记录经与会成员审阅无误。{{ 主持人 }}", base=original)
    assert "The new template is in use" in upload(edited)
    text = "\n".join(
        p.text for p in Document(io.BytesIO(client.get(minutes).content)).paragraphs
    )
    assert "本记录经与会成员审阅无误。成员0" in text and "会议记录" in text
    assert AuditEntry.objects.filter(verb="core.template_uploaded").exists()

    client.post(reverse("core:template_restore", args=[code]), {"note": "恢复"})
    text = "\n".join(
        p.text for p in Document(io.BytesIO(client.get(minutes).content)).paragraphs
    )
    assert "审阅无误" not in text and "会议记录" in text
    client.force_login(clerk_a)
    assert client.get(reverse("core:templates")).status_code == 404
    assert upload(edited) and DocumentTemplate.objects.count() == 2


def test_the_archive_holds_the_whole_file(client, officer, dept_a, members, engagement):
    import hashlib
    import io
    import json
    import zipfile

    chair = members[0]
    item = _on_agenda(officer, dept_a, members, engagement, members[:3])
    vote(
        officer,
        item,
        (members[1], "for", ""),
        (members[2], "for", ""),
        (chair, "for", ""),
        decision="同意",
    )
    client.force_login(officer)
    response = client.get(reverse("decisions:matter_archive", args=[item.matter.pk]))
    assert response["Content-Type"] == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(zf.namelist())
    assert {"目录.html", "清单.csv", "事项记录.json", "审计记录.json"} <= names
    assert any(n.startswith("会议记录/") and n.endswith(".docx") for n in names)
    index = zf.read("目录.html").decode()
    assert "合法性审查" in index and "周律（新华律师事务所）" in index
    record = json.loads(zf.read("事项记录.json"))
    assert record["合法性审查"][0]["审查结论"] == "合法"
    assert [o["成员"] for o in record["会议表决"][0]["表态（按发言顺序）"]][
        -1
    ] == "成员0"
    audit = json.loads(zf.read("审计记录.json"))
    verbs = {e["操作"] for e in audit}
    assert {
        "decisions.matter_registered",
        "legal.opinion_given",
        "decisions.voted",
    } <= verbs
    # Every file listed with its SHA-256, and the sums are right.
    manifest = zf.read("清单.csv").decode("utf-8-sig").splitlines()[1:]
    for line in manifest:
        path, _what, size, digest = line.rsplit(",", 3)
        assert hashlib.sha256(zf.read(path)).hexdigest() == digest
    client.force_login(members[1])  # a leader: may read it too
    assert (
        client.get(
            reverse("decisions:matter_archive", args=[item.matter.pk])
        ).status_code
        == 200
    )


def test_the_api_registers_and_lists_matters_and_meetings(
    client, officer, dept_a, dept_b, members, engagement, clerk_a
):
    client.force_login(clerk_a)
    body = {
        "title": "园区道路工程",
        "category": "project",
        "department_id": dept_a.pk,
        "amount": "800000",
    }
    created = client.post(
        "/api/v1/decisions/matters", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    other = client.post(
        "/api/v1/decisions/matters",
        body | {"department_id": dept_b.pk},
        content_type="application/json",
    )
    assert other.status_code == 404
    major = client.post(
        "/api/v1/decisions/matters",
        body | {"title": "扶持办法", "category": "decision", "major_decision": True},
        content_type="application/json",
    )
    assert len(major.json()["stages"]) == 13
    item = _on_agenda(officer, dept_a, members, engagement, members[:3])
    vote(
        officer,
        item,
        (members[1], "for", ""),
        (members[2], "against", "不同意"),
        (members[0], "for", ""),
    )
    client.force_login(officer)
    meetings = client.get("/api/v1/decisions/meetings?year=2026").json()
    votes = meetings["items"][0]["items"][0]
    assert (votes["yes"], votes["no"], votes["result"]) == (2, 1, "failed")
    assert [o["member_id"] for o in votes["opinions"]][-1] == members[0].pk
    client.force_login(clerk_a)  # staff do not read meetings
    assert client.get("/api/v1/decisions/meetings").json()["count"] == 0


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: per-process caches (content types, the header's links)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_no_pages_query_count_grows_with_stages_or_votes(
    client, officer, dept_a, members, engagement
):
    """A matter's page and a meeting's page cost the same queries for one item and for
    three, for a plain matter and one with its 13 stages."""
    client.force_login(officer)
    one = _on_agenda(officer, dept_a, members, engagement, members)
    vote(
        officer,
        one,
        *[(p, "for", "同意") for p in members[1:]],
        (members[0], "for", ""),
    )
    meeting_one = _queries(client, one.meeting.get_absolute_url())

    mt = meeting(officer, members)
    items = []
    for n in range(3):
        m = matter(officer, dept_a, title=f"事项{n}")
        review(officer, engagement, dept_a, m)
        items.append(services.do_add_to_agenda(mt, m, actor=officer))
    services.do_hold_meeting(mt, actor=officer, present=members)
    for it in items:
        vote(
            officer,
            it,
            *[(p, "for", "同意，另提建议") for p in members[1:]],
            (members[0], "for", ""),
        )
    assert _queries(client, mt.get_absolute_url()) == meeting_one
    matter_one = _queries(client, one.matter.get_absolute_url())
    assert _queries(client, items[0].matter.get_absolute_url()) == matter_one
    major = matter(officer, dept_a, title="重大行政决策", major_decision=True)
    assert major.stages.count() == 13
    plain = matter(officer, dept_a, title="普通事项")
    assert (
        _queries(client, major.get_absolute_url())
        <= _queries(client, plain.get_absolute_url()) + 1
    )


def test_the_register_escapes_what_staff_typed(client, officer, dept_a):
    matter(officer, dept_a, title='<script>alert("x")</script>', registered_on=DAY)
    client.force_login(officer)
    body = client.get(reverse("decisions:matter_list") + "?year=2026").content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert" in body
    assert "2,000,000.00" in body


# --- After the decision ---------------------------------------------------------------


def _decided(officer, dept_a, members, engagement, **extra):
    item = _on_agenda(officer, dept_a, members, engagement, members[:3], **extra)
    vote(
        officer,
        item,
        (members[1], "for", ""),
        (members[2], "for", ""),
        (members[0], "for", ""),
        decision="同意",
    )
    item.matter.refresh_from_db()
    return item.matter


def test_a_decision_is_published_then_followed_until_stopped(
    client, officer, dept_a, members, engagement
):
    undecided = matter(officer, dept_a, title="未决事项")
    with pytest.raises(ValidationError, match="taken"):
        services.do_publish_decision(
            undecided, actor=officer, published_on=DAY, published_where="政府网站"
        )
    m = _decided(officer, dept_a, members, engagement)
    services.do_publish_decision(
        m, actor=officer, published_on=DAY, published_where="区政府网站"
    )
    with pytest.raises(ValidationError, match="already published"):
        services.do_publish_decision(
            m, actor=officer, published_on=DAY, published_where="报纸"
        )
    services.do_record_progress(
        m, actor=officer, date=DAY, kind="milestone", text="首笔奖励已兑现"
    )
    with pytest.raises(ValidationError, match="reason"):
        services.do_record_progress(
            m, actor=officer, date=DAY, kind="suspended", text=" "
        )
    services.do_record_progress(
        m, actor=officer, date=DAY, kind="suspended", text="企业未达产，暂停兑现"
    )
    m.refresh_from_db()
    assert m.status == Matter.Status.SUSPENDED
    services.do_record_progress(
        m, actor=officer, date=DAY, kind="stopped", text="协议解除"
    )
    with pytest.raises(ValidationError, match="not stopped"):
        services.do_record_progress(
            m, actor=officer, date=DAY, kind="progress", text="……"
        )
    client.force_login(officer)
    page = client.get(m.get_absolute_url()).content.decode()
    assert "区政府网站" in page and "企业未达产，暂停兑现" in page


def test_a_major_decision_explains_how_opinions_were_used(
    officer, dept_a, members, engagement
):
    m = _major_decision_voted(officer, dept_a, members, engagement)
    with pytest.raises(ValidationError, match="art. 32"):
        services.do_publish_decision(
            m, actor=officer, published_on=DAY, published_where="政府网站"
        )
    # The report to the Party committee (art. 31) comes before publication (art. 32).
    with pytest.raises(ValidationError, match="in order"):
        services.do_publish_decision(
            m,
            actor=officer,
            published_on=DAY,
            published_where="政府网站",
            explanation="采纳了12条",
        )
    services.do_complete_stage(
        m.stages.get(code="report"), actor=officer, completed_on=DAY
    )
    services.do_publish_decision(
        m,
        actor=officer,
        published_on=DAY,
        published_where="政府网站",
        explanation="采纳了12条",
    )
    assert m.stages.get(code="publish").completed_on == DAY
    services.do_record_progress(
        m,
        actor=officer,
        date=DAY,
        kind="evaluation",
        text="群众意见较多，开展决策后评估",
    )
    evaluate = m.stages.get(code="evaluate")
    assert evaluate.required and evaluate.completed_on == DAY


# --- The year's catalogue -------------------------------------------------------------------


def test_the_catalogue_is_published_only_after_the_party_committee_agrees(
    client, officer, dept_a
):
    from fazhi.decisions.models import Catalogue

    item = services.do_add_catalogue_item(
        actor=officer, year=2026, title="区域产业协同发展扶持办法", department=dept_a
    )
    cat = Catalogue.objects.get(year=2026)
    with pytest.raises(ValidationError, match="art. 3"):
        services.do_publish_catalogue(
            cat, actor=officer, published_on=DAY, published_where="区政府网站"
        )
    services.do_approve_catalogue(cat, actor=officer, approved_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="before it was agreed"):
        services.do_publish_catalogue(
            cat,
            actor=officer,
            published_on=dt.date(2026, 1, 20),
            published_where="网站",
        )
    services.do_publish_catalogue(
        cat,
        actor=officer,
        published_on=dt.date(2026, 2, 10),
        published_where="区政府网站",
    )
    with pytest.raises(ValidationError, match="reason"):
        services.do_add_catalogue_item(
            actor=officer, year=2026, title="新增", department=dept_a
        )
    services.do_add_catalogue_item(
        actor=officer, year=2026, title="新增", department=dept_a, reason="上级部署新增"
    )
    # A major decision registered against its entry is linked to it.
    m = matter(officer, dept_a, major_decision=True, catalogue_item=item)
    item.refresh_from_db()
    assert item.matter == m
    with pytest.raises(ValidationError, match="taken"):
        matter(
            officer, dept_a, title="另一个", major_decision=True, catalogue_item=item
        )
    client.force_login(officer)
    page = client.get(reverse("decisions:catalogue") + "?year=2026").content.decode()
    assert "区政府网站" in page and "上级部署新增" in page
    refused = client.post(
        reverse("decisions:catalogue") + "?year=2027",
        {"action": "publish", "date": "2026-11-01", "where": "网站"},
    )
    assert refused.status_code == 404  # no catalogue for 2027 yet


def test_the_history_escapes_what_was_typed(client, officer, dept_a):
    m = matter(officer, dept_a, title="<img src=x onerror=alert(1)>")
    client.force_login(officer)
    body = client.get(m.get_absolute_url()).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_a_draft_touching_market_actors_needs_its_fair_competition_review(
    client, officer, dept_a, members, engagement
):
    m = matter(officer, dept_a, market_actors=True)
    review(officer, engagement, dept_a, m)
    mt = meeting(officer, members)
    with pytest.raises(ValidationError, match="公平竞争审查"):
        services.do_add_to_agenda(mt, m, actor=officer)
    assert not mt.items.exists()
    with pytest.raises(ValidationError, match="conclusion"):
        services.do_record_fair_competition_review(
            m, actor=officer, reviewed_on=DAY, conclusion=" "
        )
    client.force_login(officer)
    response = client.post(
        reverse("decisions:matter_fair_competition", args=[m.pk]),
        {
            "reviewed_on": "2026-11-01",
            "conclusion": "经审查，未发现排除、限制竞争的内容",
        },
    )
    assert response.status_code == 302
    services.do_add_to_agenda(mt, m, actor=officer)
    page = client.get(m.get_absolute_url()).content.decode()
    assert "未发现排除、限制竞争的内容" in page
    plain = matter(officer, dept_a, title="不涉及市场主体")
    with pytest.raises(ValidationError, match="does not involve|不涉及"):
        services.do_record_fair_competition_review(
            plain, actor=officer, reviewed_on=DAY, conclusion="——"
        )


def test_the_api_plans_a_meeting_and_the_agenda_gate_holds(
    client, officer, dept_a, members, engagement, clerk_a
):
    client.force_login(officer)
    body = {
        "kind": "party_group",
        "number": "第3次",
        "date": "2026-11-02",
        "chair_id": members[0].pk,
        "members_due_ids": [m.pk for m in members],
    }
    created = client.post(
        "/api/v1/decisions/meetings", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    m = matter(officer, dept_a)
    refused = client.post(
        f"/api/v1/decisions/meetings/{meeting_id}/agenda",
        {"matter_id": m.pk},
        content_type="application/json",
    )
    assert refused.status_code in (400, 422)
    assert re.search("713号|art. 26", refused.json()["detail"][0])
    review(officer, engagement, dept_a, m)
    added = client.post(
        f"/api/v1/decisions/meetings/{meeting_id}/agenda",
        {"matter_id": m.pk},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["items"][0]["matter_id"] == m.pk
    client.force_login(clerk_a)
    assert (
        client.post(
            "/api/v1/decisions/meetings", body, content_type="application/json"
        ).status_code
        == 404
    )


def test_the_api_records_attendance_votes_and_publication_through_the_gates(
    client, officer, dept_a, members, engagement, clerk_a
):
    m = matter(officer, dept_a)
    review(officer, engagement, dept_a, m)
    mt = meeting(officer, members)
    services.do_add_to_agenda(mt, m, actor=officer)
    client.force_login(officer)
    url = f"/api/v1/decisions/meetings/{mt.pk}"

    def post(path, body):
        return client.post(url + path, body, content_type="application/json")

    short = post("/attendance", {"present_ids": [members[0].pk, members[1].pk]})
    assert short.status_code == 422 and "半数以上" in short.json()["detail"][0]
    assert Meeting.objects.get(pk=mt.pk).status != Meeting.Status.HELD
    held = post(
        "/attendance",
        {"present_ids": [p.pk for p in members[:3]], "recorder": "孙丽"},
    )
    assert held.status_code == 200 and held.json()["present_ids"] == sorted(
        p.pk for p in members[:3]
    )
    chair_first = post(
        "/items/1/vote",
        {
            "method": "hands",
            "opinions": [
                {"member_id": members[0].pk, "position": "for"},
                {"member_id": members[1].pk, "position": "for"},
                {"member_id": members[2].pk, "position": "against", "remark": "缓议"},
            ],
        },
    )
    assert chair_first.status_code == 422
    assert re.search("art. 27|第二十七条", chair_first.json()["detail"][0])
    assert not AgendaItem.objects.get(meeting=mt).result
    voted = post(
        "/items/1/vote",
        {
            "method": "hands",
            "opinions": [
                {"member_id": members[1].pk, "position": "for"},
                {"member_id": members[2].pk, "position": "against", "remark": "缓议"},
                {"member_id": members[0].pk, "position": "for"},
            ],
            "decision": "同意兑现",
        },
    )
    assert voted.status_code == 200, voted.content
    item = voted.json()["items"][0]
    # 2 of 5 due: not more than half of those due, although most of those present.
    assert (item["yes"], item["no"], item["result"]) == (2, 1, "failed")
    assert post("/items/9/vote", {"method": "hands", "opinions": []}).status_code in (
        404,
        422,
    )
    refused = client.post(
        f"/api/v1/decisions/matters/{m.pk}/publish",
        {"published_on": str(DAY)},
        content_type="application/json",
    )
    assert refused.status_code == 422
    client.force_login(clerk_a)
    assert post("/attendance", {"present_ids": [members[0].pk]}).status_code == 404


def test_a_decision_published_on_the_portal_is_public_and_nothing_else_is(
    client, officer, dept_a, members, engagement
):
    internal = _decided(officer, dept_a, members, engagement, title="内部事项")
    services.do_publish_decision(
        internal, actor=officer, published_on=DAY, published_where="区政府公报"
    )
    undecided = matter(officer, dept_a, title="尚未决定的事项")
    public = _decided(officer, dept_a, members, engagement, title="园区道路工程安排")
    client.force_login(officer)
    published = client.post(
        f"/api/v1/decisions/matters/{public.pk}/publish",
        {"published_on": str(DAY), "on_portal": True},
        content_type="application/json",
    )
    assert published.status_code == 200, published.content
    public.refresh_from_db()
    assert (
        public.on_portal
        and "portal" in public.published_where
        or "门户" in (public.published_where)
    )
    client.logout()
    home = client.get(reverse("portal:home")).content.decode()
    assert "园区道路工程安排" in home and "内部事项" not in home
    listing = client.get(reverse("portal:decision_list") + "?q=道路").content.decode()
    assert "园区道路工程安排" in listing and "尚未决定" not in listing
    page = client.get(reverse("portal:decision_detail", args=[public.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "同意" in body and DAY.isoformat() in body
    for hidden in (internal, undecided):
        assert (
            client.get(reverse("portal:decision_detail", args=[hidden.pk])).status_code
            == 404
        )
    assert client.get(reverse("portal:catalogue", args=[2026])).status_code == 404
