"""The permissions each role (group) holds. Applied after every migrate, so a new app's
permissions reach the roles without a hand step; apps add their entries here."""

from django.contrib.auth.models import Group, Permission

from .models import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMIN: [
        "core.view_auditentry",
        "core.view_user",
        "core.add_user",
        "core.change_user",
        "core.view_department",
        "core.add_department",
        "core.change_department",
        "core.view_holidaynotice",
        "core.add_holidaynotice",
        "core.change_holidaynotice",
        "core.delete_holidaynotice",
        "core.view_calendaroverride",
        "core.add_calendaroverride",
        "core.change_calendaroverride",
        "core.delete_calendaroverride",
        "core.view_documenttemplate",
        "core.change_documenttemplate",
        "plans.view_plan",
        "plans.add_plan",
        "plans.change_plan",
        "plans.view_task",
        "plans.add_task",
        "plans.change_task",
        "plans.record_progress",
        "plans.view_dutylog",
        "plans.add_dutylog",
    ],
    Role.LEGAL_OFFICER: [
        "core.view_documenttemplate",
        "core.change_documenttemplate",
        "plans.view_plan",
        "plans.add_plan",
        "plans.change_plan",
        "plans.view_task",
        "plans.add_task",
        "plans.change_task",
        "plans.record_progress",
        "plans.view_dutylog",
        "plans.add_dutylog",
    ],
    Role.LEADER: [
        "plans.view_plan",
        "plans.view_task",
        "plans.record_progress",
        "plans.view_dutylog",
        "plans.add_dutylog",
    ],
    # The outside counsel sees only the reviews assigned to them (legal app).
    Role.COUNSEL: [],
    Role.STAFF: [
        "plans.view_plan",
        "plans.view_task",
        "plans.record_progress",
        "plans.view_dutylog",
    ],
}


# Law study: the office's sessions are open to all staff; the officer and the
# administrator keep the ledger and the catalogue of laws.
_STUDY_KEEPERS = [
    "learning.view_law",
    "learning.add_law",
    "learning.change_law",
    "learning.view_studysession",
    "learning.add_studysession",
    "learning.change_studysession",
]
ROLE_PERMISSIONS[Role.ADMIN] += _STUDY_KEEPERS
ROLE_PERMISSIONS[Role.LEGAL_OFFICER] += _STUDY_KEEPERS
ROLE_PERMISSIONS[Role.LEADER] += ["learning.view_studysession"]
ROLE_PERMISSIONS[Role.STAFF] += ["learning.view_studysession"]
# Exams: the keepers run the bank, the papers and the imports and see every result;
# leaders see the results; everyone sits the exams they are a candidate for.
_EXAM_KEEPERS = [
    "learning.view_question",
    "learning.add_question",
    "learning.change_question",
    "learning.view_exam",
    "learning.add_exam",
    "learning.change_exam",
    "learning.view_externalresult",
    "learning.add_externalresult",
]
ROLE_PERMISSIONS[Role.ADMIN] += _EXAM_KEEPERS
ROLE_PERMISSIONS[Role.LEGAL_OFFICER] += _EXAM_KEEPERS
ROLE_PERMISSIONS[Role.LEADER] += ["learning.view_exam", "learning.view_externalresult"]

# Legal education: the same pattern.
_OUTREACH_KEEPERS = [
    "outreach.view_activity",
    "outreach.add_activity",
    "outreach.change_activity",
    "outreach.view_campaign",
    "outreach.add_campaign",
    "outreach.change_campaign",
    "outreach.view_keydate",
    "outreach.add_keydate",
    "outreach.change_keydate",
]
ROLE_PERMISSIONS[Role.ADMIN] += _OUTREACH_KEEPERS
ROLE_PERMISSIONS[Role.LEGAL_OFFICER] += _OUTREACH_KEEPERS
ROLE_PERMISSIONS[Role.LEADER] += ["outreach.view_activity"]
ROLE_PERMISSIONS[Role.STAFF] += ["outreach.view_activity"]


# Legality review: the officer keeps the counsel register and the ledger; a department
# asks for reviews and answers the opinion; the counsel sees and answers only the reviews
# assigned to them (access.reviews_visible_to); leaders read everything.
_REVIEW_KEEPERS = [
    "legal.view_counsel",
    "legal.add_counsel",
    "legal.change_counsel",
    "legal.view_review",
    "legal.add_review",
    "legal.change_review",
]
ROLE_PERMISSIONS[Role.ADMIN] += _REVIEW_KEEPERS
ROLE_PERMISSIONS[Role.LEGAL_OFFICER] += _REVIEW_KEEPERS
ROLE_PERMISSIONS[Role.LEADER] += ["legal.view_review", "legal.view_counsel"]
ROLE_PERMISSIONS[Role.STAFF] += ["legal.view_review", "legal.add_review"]
ROLE_PERMISSIONS[Role.COUNSEL] += ["legal.view_review", "legal.give_opinion"]


# Decisions: the officer keeps the register and the meetings; leaders read and are the
# members; a department registers its own matters and follows them.
_DECISION_KEEPERS = [
    "decisions.view_matter",
    "decisions.add_matter",
    "decisions.change_matter",
    "decisions.view_meeting",
    "decisions.add_meeting",
    "decisions.change_meeting",
]
ROLE_PERMISSIONS[Role.ADMIN] += _DECISION_KEEPERS
ROLE_PERMISSIONS[Role.LEGAL_OFFICER] += _DECISION_KEEPERS
ROLE_PERMISSIONS[Role.LEADER] += ["decisions.view_matter", "decisions.view_meeting"]
ROLE_PERMISSIONS[Role.STAFF] += ["decisions.view_matter", "decisions.add_matter"]
# Disclosure: the officer runs the disclosure office (every application, the catalogue,
# the annual report); the leader heads it and approves extensions (art. 33 ¶2); a
# department handles the applications assigned to it.
_DISCLOSURE_KEEPERS = [
    "disclosure.view_application",
    "disclosure.add_application",
    "disclosure.change_application",
    "disclosure.view_item",
    "disclosure.add_item",
    "disclosure.change_item",
]
ROLE_PERMISSIONS[Role.ADMIN] += _DISCLOSURE_KEEPERS
ROLE_PERMISSIONS[Role.LEGAL_OFFICER] += _DISCLOSURE_KEEPERS
ROLE_PERMISSIONS[Role.LEADER] += [
    "disclosure.view_application",
    "disclosure.approve_extension",
    "disclosure.view_item",
]
ROLE_PERMISSIONS[Role.STAFF] += [
    "disclosure.view_application",
    "disclosure.change_application",
    "disclosure.view_item",
    "disclosure.add_item",
]

# Citizen demands: the officer is the office's dispatcher (imports, assigns, calls back,
# sees the citizen's contact details to do so); a department signs for and replies to the
# tickets assigned to it; the leader approves returns and extensions.
_HOTLINE_KEEPERS = [
    "hotline.view_ticket",
    "hotline.add_ticket",
    "hotline.change_ticket",
    "hotline.import_tickets",
    "hotline.view_personal_data",
    "hotline.view_category",
    "hotline.change_category",
    "hotline.view_hottopic",
]
ROLE_PERMISSIONS[Role.ADMIN] += _HOTLINE_KEEPERS + [
    "hotline.add_category",
    "hotline.view_apiclient",
    "hotline.add_apiclient",
    "hotline.change_apiclient",
    "hotline.view_routingrule",
    "hotline.add_routingrule",
    "hotline.change_routingrule",
    "hotline.delete_routingrule",
    "hotline.view_replytemplate",
    "hotline.add_replytemplate",
    "hotline.change_replytemplate",
    "hotline.delete_replytemplate",
]
ROLE_PERMISSIONS[Role.LEGAL_OFFICER] += _HOTLINE_KEEPERS + [
    "hotline.view_routingrule",
    "hotline.add_routingrule",
    "hotline.change_routingrule",
    "hotline.delete_routingrule",
    "hotline.view_replytemplate",
    "hotline.add_replytemplate",
    "hotline.change_replytemplate",
    "hotline.delete_replytemplate",
]
ROLE_PERMISSIONS[Role.LEADER] += [
    "hotline.view_ticket",
    "hotline.approve_request",
    "hotline.view_hottopic",
]
ROLE_PERMISSIONS[Role.STAFF] += [
    "hotline.view_ticket",
    "hotline.change_ticket",
    "hotline.view_hottopic",
]

_REPORT_KEEPERS = [
    "reports.view_report",
    "reports.add_report",
    "reports.change_report",
    "reports.publish_report",
    "reports.view_dashboard",
]
ROLE_PERMISSIONS[Role.ADMIN] += ["reports.view_report", "reports.view_dashboard"]
ROLE_PERMISSIONS[Role.LEGAL_OFFICER] += _REPORT_KEEPERS
ROLE_PERMISSIONS[Role.LEADER] += [
    "reports.view_report",
    "reports.approve_report",
    "reports.view_dashboard",
]


def ensure_roles(**_kwargs) -> None:
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        perms = []
        for code in codes:
            app_label, codename = code.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:  # an app not migrated yet gets its turn next time
                perms.append(perm)
        group.permissions.set(perms)
