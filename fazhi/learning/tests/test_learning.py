"""Law study: the ledger, the rules checked live, the figures the annual report quotes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.learning.models import Law, StudySession
from fazhi.learning.queries import compliance_at, figures_for, person_record
from fazhi.learning.services import do_record_session, do_update_session

pytestmark = pytest.mark.django_db
K = StudySession.Kind


def session(
    actor, day, kind=K.COLLECTIVE, attended=(), absent=None, hours="2", **extra
):
    return do_record_session(
        actor=actor,
        date=day,
        kind=kind,
        title=extra.pop("title", "学习《民法典》"),
        hours=Decimal(hours),
        attended=list(attended),
        absent=absent or {},
        **extra,
    )


def test_the_2021_demo_figures_are_the_summarys():
    """区协同办2021年法治政府建设工作总结: 中心组每季度开展1次法治学习; 组织网络旁听庭审活动1次;
    邀请党校老师、律师开展专题讲座2次; 学习《民法典》《天津市行政调解规定》等重要法律法规8次."""
    call_command("demo")
    f = figures_for(2021)
    assert f.by_kind[K.CENTRE_GROUP] == 4
    assert compliance_at(dt.date(2021, 12, 31)).quarters[3].state == "met"
    assert all(q.state == "met" for q in compliance_at(dt.date(2021, 12, 31)).quarters)
    assert f.lectures == 2
    assert set(
        StudySession.objects.filter(date__year=2021, kind=K.LECTURE).values_list(
            "speaker_kind", flat=True
        )
    ) == {"party_school", "lawyer"}
    assert f.trial_observations == 1
    assert StudySession.objects.get(date__year=2021, kind=K.TRIAL).online
    assert f.law_sessions == 8
    assert {"中华人民共和国民法典", "天津市行政调解规定"} <= set(f.laws_studied)
    assert f.sessions == 15
    assert 90 <= f.attendance_rate < 100


def test_recording_a_session_writes_attendance_and_audit(officer, clerk_a, clerk_b):
    s = session(
        officer,
        dt.date(2026, 3, 6),
        attended=[clerk_a],
        absent={clerk_b: "出差"},
        laws=[
            Law.objects.get_or_create(
                name="中华人民共和国民法典", defaults={"kind": "law"}
            )[0]
        ],
    )
    marks = {a.person_id: a for a in s.attendance.all()}
    assert marks[clerk_a.pk].attended and not marks[clerk_b.pk].attended
    assert marks[clerk_b.pk].absence_reason == "出差"
    entry = AuditEntry.objects.get(verb="study.recorded")
    assert "乙科员（缺席：出差）" in entry.changes["attendance"][1]
    assert entry.changes["laws"][1] == ["中华人民共和国民法典"]


def test_an_absence_needs_a_reason_and_nothing_is_saved(officer, clerk_a, clerk_b):
    with pytest.raises(ValidationError, match="乙科员"):
        session(officer, dt.date(2026, 3, 6), attended=[clerk_a], absent={clerk_b: " "})
    assert not StudySession.objects.exists()


def test_an_inactive_person_cannot_be_signed_in(officer, clerk_a):
    clerk_a.is_active = False
    clerk_a.save()
    with pytest.raises(ValidationError):
        session(officer, dt.date(2026, 3, 6), attended=[clerk_a])
    assert not StudySession.objects.exists()


def test_changing_the_sign_in_list_is_audited(officer, clerk_a, clerk_b):
    s = session(officer, dt.date(2026, 3, 6), attended=[clerk_a])
    do_update_session(s, actor=officer, attended=[clerk_a, clerk_b], absent={})
    entry = AuditEntry.objects.get(verb="study.changed")
    assert entry.changes["attendance"] == [["甲科员"], ["乙科员", "甲科员"]] or (
        sorted(entry.changes["attendance"][1]) == ["乙科员", "甲科员"]
    )


def test_compliance_shows_met_due_and_missed_quarters_and_who_is_behind(
    settings, officer, clerk_a, clerk_b
):
    settings.FAZHI_STUDY_HOURS_PER_YEAR = 10
    session(officer, dt.date(2026, 2, 1), kind=K.CENTRE_GROUP, attended=[officer])
    session(officer, dt.date(2026, 8, 1), kind=K.CENTRE_GROUP, attended=[officer])
    session(officer, dt.date(2026, 6, 1), kind=K.LECTURE, attended=[clerk_a], hours="8")
    c = compliance_at(dt.date(2026, 11, 28))
    assert [q.state for q in c.quarters] == ["met", "missed", "met", "due"]
    assert (c.lectures_held, c.lectures_met) == (1, False)
    behind = {p.person.username: p for p in c.behind}
    # 10 hours a year → about 9.1 expected by 28 November.
    assert "clerk_b" in behind and behind["clerk_b"].hours == 0
    assert "clerk_a" in behind and behind["clerk_a"].hours == Decimal("8")
    assert behind["clerk_a"].expected == Decimal("9.1")
    # As of mid-year the lecture's 8 hours are ahead of the 5 expected.
    mid = {p.person.username for p in compliance_at(dt.date(2026, 6, 30)).behind}
    assert "clerk_a" not in mid and "clerk_b" in mid


def test_a_persons_record_counts_hours_attended(officer, clerk_a):
    session(officer, dt.date(2026, 3, 6), attended=[clerk_a], hours="1.5")
    session(officer, dt.date(2026, 4, 6), attended=[officer], absent={clerk_a: "病假"})
    rows, hours = person_record(clerk_a, 2026)
    assert len(rows) == 2 and hours == Decimal("1.5")


# --- views -------------------------------------------------------------------------------

PAGES = [
    "learning:session_list",
    "learning:compliance",
    "learning:figures",
    "learning:my_record",
]


@pytest.mark.parametrize("name", PAGES)
def test_pages_work_for_staff_and_refuse_the_anonymous(client, clerk_a, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(clerk_a)
    assert client.get(reverse(name)).status_code in (200, 302)
    assert client.post(reverse(name)).status_code == 405


def test_the_counsel_does_not_see_the_ledger(client, counsel):
    client.force_login(counsel)
    assert client.get(reverse("learning:session_list")).status_code == 404


def test_a_clerk_sees_only_their_own_record(client, officer, clerk_a, clerk_b):
    client.force_login(clerk_a)
    assert client.get(reverse("learning:person", args=[clerk_a.pk])).status_code == 200
    assert client.get(reverse("learning:person", args=[clerk_b.pk])).status_code == 404
    client.force_login(officer)
    assert client.get(reverse("learning:person", args=[clerk_b.pk])).status_code == 200


def _form(attended, **extra):
    data = {
        "date": "2026-11-20",
        "kind": "collective",
        "title": "学习《行政复议法》",
        "hours": "1.5",
        "speaker": "",
        "speaker_kind": "",
        "place": "会议室",
        "summary": "",
        "attended": [str(p.pk) for p in attended],
    }
    return data | extra


def test_the_officer_records_a_session_with_its_sign_in_list(
    client, officer, clerk_a, clerk_b
):
    client.force_login(officer)
    data = _form([clerk_a]) | {f"reason_{clerk_b.pk}": "出差"}
    response = client.post(reverse("learning:session_create"), data)
    assert response.status_code == 302
    s = StudySession.objects.get()
    assert s.attendance.get(person=clerk_b).absence_reason == "出差"
    body = client.get(s.get_absolute_url()).content.decode()
    assert "出差" in body and "甲科员" in body


def test_a_forged_person_in_the_sign_in_list_is_refused(client, officer, clerk_a):
    client.force_login(officer)
    data = _form([clerk_a]) | {"attended": [str(clerk_a.pk), "999999"]}
    response = client.post(reverse("learning:session_create"), data)
    assert response.status_code == 422
    assert not StudySession.objects.exists()


def test_a_clerk_cannot_record_or_edit(client, officer, clerk_a):
    s = session(officer, dt.date(2026, 3, 6), attended=[clerk_a])
    client.force_login(clerk_a)
    assert (
        client.post(reverse("learning:session_create"), _form([clerk_a])).status_code
        == 404
    )
    assert client.get(reverse("learning:session_edit", args=[s.pk])).status_code == 404
    assert client.get(s.get_absolute_url()).status_code == 200


def test_the_officer_edits_the_sign_in_list(client, officer, clerk_a, clerk_b):
    s = session(officer, dt.date(2026, 3, 6), attended=[clerk_a])
    client.force_login(officer)
    data = _form([clerk_a, clerk_b], date="2026-03-06")
    assert (
        client.post(reverse("learning:session_edit", args=[s.pk]), data).status_code
        == 302
    )
    assert s.attendance.filter(attended=True).count() == 2


def test_compliance_page_shows_the_quarters(client, officer):
    client.force_login(officer)
    response = client.get(reverse("learning:compliance") + "?date=2026-11-28")
    assert response.status_code == 200
    assert len(response.context["c"].quarters) == 4
    assert client.get(reverse("learning:compliance") + "?date=bad").status_code == 200


def test_the_record_exports_to_excel(client, officer, clerk_a):
    import io

    from openpyxl import load_workbook

    session(officer, dt.date(2026, 3, 6), attended=[clerk_a], hours="1.5")
    client.force_login(clerk_a)
    response = client.get(
        reverse("learning:person_export", args=[clerk_a.pk]) + "?year=2026"
    )
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content))["学法档案"]
    assert ws["A1"].value == "日期" and ws["A2"].is_date and ws["D2"].value == 1.5
    assert AuditEntry.objects.filter(verb="study.record_exported").exists()


def test_the_api_records_and_lists_sessions(client, officer, clerk_a, clerk_b):
    client.force_login(officer)
    law = Law.objects.get_or_create(
        name="中华人民共和国民法典", defaults={"kind": "law"}
    )[0]
    body = {
        "date": "2026-11-20",
        "kind": "collective",
        "title": "学习《民法典》",
        "hours": "1.5",
        "law_ids": [law.pk],
        "attended_ids": [clerk_a.pk],
        "absences": [{"person_id": clerk_b.pk, "reason": "出差"}],
    }
    response = client.post(
        "/api/v1/learning/sessions", body, content_type="application/json"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["law_ids"] == [law.pk] and len(data["attendance"]) == 2
    listed = client.get("/api/v1/learning/sessions?year=2026").json()
    assert listed["count"] == 1


def test_the_api_refuses_an_unknown_person_and_saves_nothing(client, officer):
    client.force_login(officer)
    body = {
        "date": "2026-11-20",
        "kind": "collective",
        "title": "x",
        "hours": "1",
        "attended_ids": [999999],
    }
    response = client.post(
        "/api/v1/learning/sessions", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert not StudySession.objects.exists()


def test_a_clerk_cannot_record_through_the_api(client, clerk_a):
    client.force_login(clerk_a)
    body = {"date": "2026-11-20", "kind": "collective", "title": "x", "hours": "1"}
    response = client.post(
        "/api/v1/learning/sessions", body, content_type="application/json"
    )
    assert response.status_code == 404


def test_a_session_keeps_its_materials_and_photos(client, officer, clerk_a, clerk_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.attachments import attachments_for

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    client.force_login(officer)
    data = {
        "date": "2026-11-20",
        "kind": K.LECTURE,
        "title": "《民法典》专题讲座",
        "hours": "2",
        "attended": [clerk_a.pk],
        "files": [
            SimpleUploadedFile("讲座课件.pdf", pdf),
            SimpleUploadedFile("现场.png", png),
        ],
    }
    response = client.post(reverse("learning:session_create"), data)
    s = StudySession.objects.get(title="《民法典》专题讲座")
    assert response.url == s.get_absolute_url()
    files = {a.original_name: a.description for a in attachments_for(s)}
    assert files == {"讲座课件.pdf": "material", "现场.png": "photo"}
    # A photo added later, when editing.
    edit = client.post(
        reverse("learning:session_edit", args=[s.pk]),
        data | {"files": [SimpleUploadedFile("合影.png", png)]},
    )
    assert edit.status_code == 302 and attachments_for(s).count() == 3
    # Staff see the session, so they may download its files.
    client.force_login(clerk_b)
    page = client.get(s.get_absolute_url()).content.decode()
    assert "讲座课件.pdf" in page and "合影.png" in page
    one = attachments_for(s).get(original_name="现场.png")
    assert client.get(reverse("core:attachment", args=[one.pk])).status_code == 200
    # A file whose content is not what its name says is refused; nothing is saved.
    client.force_login(officer)
    bad = client.post(
        reverse("learning:session_create"),
        data
        | {"title": "坏文件", "files": [SimpleUploadedFile("假照片.png", b"MZ\x90\0")]},
    )
    assert bad.status_code == 422
    assert not StudySession.objects.filter(title="坏文件").exists()


def test_the_rules_check_escapes_what_staff_typed(client, officer, clerk_a, dept_a):
    clerk_a.name = '<script>alert("x")</script>'
    clerk_a.save()
    dept_a.name = "<b>科</b>"
    dept_a.save()
    client.force_login(officer)
    body = client.get(
        reverse("learning:compliance") + "?date=2026-06-30"
    ).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert" in body
    assert "<b>科</b>" not in body and "&lt;b&gt;科&lt;/b&gt;" in body
    assert f'href="/learning/people/{clerk_a.pk}/?year=2026"' in body
