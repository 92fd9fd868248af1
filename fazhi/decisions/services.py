"""Every change to the register of matters and the meetings that decide them. The
statutory gates live here, each refusal naming its rule:

- a matter reaches a meeting agenda only with a completed legality review that did not
  find it unlawful (713号 art. 25–28; for ordinary 三重一大 matters as the setting says);
- the stages of a major administrative decision are completed in order (713号);
- public comment runs at least 30 days unless the reason is recorded (art. 15);
- hearing materials go out at least 7 days before the hearing (art. 16–17);
- a meeting sits only with more than half of the members due present (半数以上), and votes
  on appointments with two thirds (三分之二以上) — both counts include the number itself
  (民法典 art. 1259);
- an item passes only with more than half of the members due to attend (超过半数, 党组工作
  条例 art. 27), the chair stating their view last; absent members' views are no votes.
There is no decision by circulation or individual sign-off: no service records one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.core import audit

from .models import (
    AgendaItem,
    Catalogue,
    CatalogueItem,
    Matter,
    Meeting,
    Opinion,
    Progress,
    Stage,
)

MATTER_FIELDS = [
    "title",
    "category",
    "major_decision",
    "subject",
    "department",
    "amount",
    "registered_on",
    "description",
    "market_actors",
]
S = Stage.Code
# Optional by law (「可以」) or only where the matter calls for it.
OPTIONAL_STAGES = {S.EXPERTS, S.RISK, S.EVALUATE, S.ADJUST}


def _today():
    return timezone.localdate()


def _zh(label) -> str:
    """The audit trail is an official record: what it quotes is Chinese."""
    with translation.override("zh-hans"):
        return str(label())


@transaction.atomic
def do_register_matter(
    *, actor, technical=False, stability_risk=False, catalogue_item=None, **fields
) -> Matter:
    """Register a matter; a major administrative decision gets its 13 stages, expert
    argument and risk assessment required only where the matter calls for them."""
    matter = Matter(created_by=actor, **fields)
    matter.full_clean(exclude=["created_by"])
    if matter.registered_on > _today():
        raise ValidationError(
            {"registered_on": _("A matter cannot be registered in the future.")}
        )
    matter.save()
    if matter.major_decision:
        # The file is an official record: its words are Chinese whatever the page's.
        with translation.override("zh-hans"):
            reasons = {
                S.EXPERTS: _("Not a technical matter (art. 19)."),
                S.RISK: _("No risk to social stability foreseen (art. 22)."),
            }
            optional = _("Optional by law; started when triggered.")
        needed = {S.EXPERTS: technical, S.RISK: stability_risk}
        Stage.objects.bulk_create(
            Stage(
                matter=matter,
                code=code,
                order=n,
                required=needed.get(code, code not in OPTIONAL_STAGES),
                skipped_reason=""
                if needed.get(code, code not in OPTIONAL_STAGES)
                else reasons.get(code, optional),
            )
            for n, code in enumerate(S.values, start=1)
        )
    if catalogue_item is not None:
        item = CatalogueItem.objects.select_for_update().get(pk=catalogue_item.pk)
        if item.matter_id or not matter.major_decision:
            raise ValidationError(
                {
                    "catalogue_item": _(
                        "That catalogue entry is taken, or this is not a major decision."
                    )
                }
            )
        item.matter = matter
        item.save(update_fields=["matter"])
    audit.record(
        actor=actor,
        verb="decisions.matter_registered",
        target=matter,
        changes=audit.diff({}, audit.snapshot(matter, MATTER_FIELDS)),
    )
    return matter


def _before(stage: Stage):
    return stage.matter.stages.filter(order__lt=stage.order)


@transaction.atomic
def do_complete_stage(stage: Stage, *, actor, completed_on, **fields) -> Stage:
    stage = Stage.objects.select_for_update().select_related("matter").get(pk=stage.pk)
    if stage.completed_on:
        raise ValidationError(_("This stage is already complete."))
    if stage.code == S.COLLECTIVE:
        raise ValidationError(
            _(
                "The collective decision is recorded by a meeting's vote, not by hand "
                "(713号 art. 30)."
            )
        )
    waiting = [s.get_code_display() for s in _before(stage) if not s.done]
    if waiting:
        raise ValidationError(
            _("The procedure runs in order (713号): first complete %(stages)s.")
            % {"stages": "、".join(waiting)}
        )
    for name, value in fields.items():
        setattr(stage, name, value)
    stage.completed_on = completed_on
    if completed_on > _today():
        raise ValidationError(
            {"completed_on": _("A stage cannot be completed in the future.")}
        )
    if stage.started_on and stage.started_on > completed_on:
        raise ValidationError(
            {"completed_on": _("A stage cannot end before it starts.")}
        )
    if stage.code == S.PUBLIC:
        _check_public_participation(stage)
    if stage.code == S.LEGALITY:
        _check_legality_review(stage.matter)
    stage.save()
    audit.record(
        actor=actor,
        verb="decisions.stage_completed",
        target=stage.matter,
        changes={
            "stage": [None, stage.get_code_display()],
            "completed_on": [None, str(completed_on)],
        },
    )
    return stage


def _check_public_participation(stage: Stage) -> None:
    if not (stage.comment_opens and stage.comment_closes):
        raise ValidationError(
            {"comment_opens": _("Give the public comment period (713号 art. 14–15).")}
        )
    days = (stage.comment_closes - stage.comment_opens).days + 1
    if days < 30 and not stage.short_period_reason.strip():
        raise ValidationError(
            {
                "short_period_reason": _(
                    "Public comment ran %(n)d days; it runs at least 30 unless the reason "
                    "for less is given (713号 art. 15)."
                )
                % {"n": days}
            }
        )
    if stage.hearing_on:
        sent = stage.hearing_materials_sent_on
        if sent is None or (stage.hearing_on - sent).days < 7:
            raise ValidationError(
                {
                    "hearing_materials_sent_on": _(
                        "Hearing materials go to the participants at least 7 days before "
                        "the hearing (713号 art. 17)."
                    )
                }
            )


def cleared_by_review(matter: Matter, among=None):
    """The completed review that clears the matter, or None. `among`: the matter's
    reviews already read, latest opinion first, to pick from without a query."""
    from fazhi.legal.models import Review

    if among is not None:
        return next(
            (
                r
                for r in among
                if r.status in (Review.Status.OPINION, Review.Status.CLOSED)
                and r.outcome != Review.Outcome.UNLAWFUL
            ),
            None,
        )
    return (
        matter.reviews.filter(status__in=[Review.Status.OPINION, Review.Status.CLOSED])
        .exclude(outcome=Review.Outcome.UNLAWFUL)
        .order_by("-opinion_on")
        .first()
    )


def _check_legality_review(matter: Matter) -> None:
    if cleared_by_review(matter) is None:
        raise ValidationError(
            _(
                "No completed legality review clears this matter: a draft not reviewed, "
                "or found unlawful, may not go to the meeting (713号 art. 26–28)."
            )
        )


def needs_review(matter: Matter) -> bool:
    return matter.major_decision or settings.FAZHI_REVIEW_BEFORE_AGENDA_FOR_ALL


@transaction.atomic
def do_plan_meeting(*, actor, members_due, **fields) -> Meeting:
    meeting = Meeting(created_by=actor, **fields)
    meeting.full_clean(exclude=["created_by", "members_due", "present"])
    if not members_due:
        raise ValidationError({"members_due": _("Name the members due to attend.")})
    if meeting.chair not in members_due:
        raise ValidationError(
            {"chair": _("The chair is one of the members due to attend.")}
        )
    meeting.save()
    meeting.members_due.set(members_due)
    audit.record(
        actor=actor,
        verb="decisions.meeting_planned",
        target=meeting,
        changes={
            "date": [None, str(meeting.date)],
            "members_due": [None, [str(m) for m in members_due]],
        },
    )
    return meeting


@transaction.atomic
def do_add_to_agenda(meeting: Meeting, matter: Matter, *, actor) -> AgendaItem:
    """Put a matter on a meeting's agenda, fixed before the meeting (不得临时动议)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            _(
                "Agenda items are fixed before the meeting; none may be added once it is held."
            )
        )
    if matter.status not in (Matter.Status.REGISTERED, Matter.Status.REJECTED):
        raise ValidationError(_("This matter is already on an agenda or decided."))
    if needs_review(matter):
        _check_legality_review(matter)
    if matter.market_actors and matter.fair_competition_on is None:
        raise ValidationError(
            _(
                "This matter involves market actors' economic activity: it goes to the "
                "meeting with its fair competition review (公平竞争审查, 713号 art. 29)."
            )
        )
    if matter.major_decision:
        waiting = [
            s.get_code_display()
            for s in matter.stages.filter(order__lt=_collective_order(matter))
            if not s.done
        ]
        if waiting:
            raise ValidationError(
                _(
                    "Before the collective discussion (713号 art. 29) complete %(stages)s."
                )
                % {"stages": "、".join(waiting)}
            )
    item = AgendaItem.objects.create(
        meeting=meeting, matter=matter, order=meeting.items.count() + 1
    )
    matter.status = Matter.Status.ON_AGENDA
    matter.save(update_fields=["status"])
    audit.record(
        actor=actor,
        verb="decisions.put_on_agenda",
        target=matter,
        changes={"meeting": [None, str(meeting)]},
    )
    return item


def _collective_order(matter: Matter) -> int:
    return matter.stages.get(code=S.COLLECTIVE).order


def quorum_met(due: int, present: int, personnel: bool) -> bool:
    """半数以上 / 三分之二以上 include the number itself (民法典 art. 1259)."""
    return present * 3 >= due * 2 if personnel else present * 2 >= due


@transaction.atomic
def do_hold_meeting(
    meeting: Meeting, *, actor, present, sitting_in="", recorder=""
) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError(_("The attendance of this meeting is already recorded."))
    if meeting.date > _today():
        raise ValidationError(
            _("A meeting cannot be recorded as held before its date.")
        )
    due = set(meeting.members_due.all())
    strangers = [str(p) for p in present if p not in due]
    if strangers:
        raise ValidationError(
            _("Only members due to attend are counted present; %(names)s sat in.")
            % {"names": "、".join(strangers)}
        )
    if not quorum_met(len(due), len(present), personnel=False):
        raise ValidationError(
            _(
                "Only %(present)d of %(due)d members are present: a meeting sits with at "
                "least half of them (党组工作条例; 半数以上 includes half, 民法典 art. 1259)."
            )
            % {"present": len(present), "due": len(due)}
        )
    meeting.present.set(present)
    meeting.sitting_in, meeting.recorder = sitting_in, recorder
    meeting.status = Meeting.Status.HELD
    meeting.save()
    audit.record(
        actor=actor,
        verb="decisions.meeting_held",
        target=meeting,
        changes={"present": [None, [str(p) for p in present]]},
    )
    return meeting


@transaction.atomic
def do_record_vote(
    item: AgendaItem,
    *,
    actor,
    method: str,
    opinions: list[tuple],
    recused=(),
    decision: str = "",
) -> AgendaItem:
    """The vote on one item: each present member's position in the order spoken, the
    chair last. Passes with more than half of the members due to attend in favour."""
    item = (
        AgendaItem.objects.select_for_update()
        .select_related("meeting", "matter")
        .get(pk=item.pk)
    )
    meeting, matter = item.meeting, item.matter
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(
            _("Record the attendance first: the vote is taken at the meeting.")
        )
    if item.result:
        raise ValidationError(_("This item has already been voted on."))
    if method not in AgendaItem.Method.values:
        raise ValidationError({"method": _("Choose how the vote was taken.")})
    due = list(meeting.members_due.all())
    present = set(meeting.present.all())
    recused = set(recused)
    personnel = matter.category == Matter.Category.PERSONNEL
    if not quorum_met(len(due), len(present - recused), personnel):
        raise ValidationError(
            _(
                "%(present)d of %(due)d members can vote on this item: an appointment "
                "needs two thirds present, any other item half (三分之二以上 / 半数以上)."
            )
            % {"present": len(present - recused), "due": len(due)}
        )
    voters = [member for member, _position, _remark in opinions]
    absent = [str(m) for m in voters if m not in present]
    if absent:
        raise ValidationError(
            _("Absent members' views are not votes (党组工作条例 art. 27): %(names)s.")
            % {"names": "、".join(absent)}
        )
    if set(voters) & recused:
        raise ValidationError(
            _("A member who recused themselves does not vote on the item.")
        )
    missing = [str(m) for m in present - recused if m not in voters]
    if missing or len(voters) != len(set(voters)):
        raise ValidationError(
            _("Every member present states a view, once: %(names)s.")
            % {"names": "、".join(missing) or "—"}
        )
    if meeting.chair in present - recused and voters[-1] != meeting.chair:
        raise ValidationError(
            _(
                "The chair states their view last (主持人末位表态, 党组工作条例 art. 27)."
            )
        )
    counts = {p: 0 for p in Opinion.Position.values}
    Opinion.objects.bulk_create(
        Opinion(item=item, member=member, position=position, remark=remark, order=n)
        for n, (member, position, remark) in enumerate(opinions, start=1)
    )
    for _member, position, _remark in opinions:
        counts[position] += 1
    item.method = method
    item.yes, item.no, item.abstain = (
        counts["for"],
        counts["against"],
        counts["abstain"],
    )
    passed = item.yes * 2 > len(due)
    item.result = AgendaItem.Result.PASSED if passed else AgendaItem.Result.FAILED
    item.decision = decision
    item.save()
    item.recused.set(recused)
    matter.status = Matter.Status.DECIDED if passed else Matter.Status.REJECTED
    if passed:
        matter.decision = decision
    matter.save(update_fields=["status", "decision"])
    if matter.major_decision and passed:
        Stage.objects.filter(matter=matter, code=S.COLLECTIVE).update(
            started_on=meeting.date, completed_on=meeting.date, outcome=decision
        )
    audit.record(
        actor=actor,
        verb="decisions.voted",
        target=matter,
        changes={
            "meeting": [None, str(meeting)],
            "result": [None, item.result],
            "votes": [None, f"{item.yes}/{item.no}/{item.abstain}"],
            "against": [None, [str(m) for m, p, _r in opinions if p == "against"]],
        },
    )
    return item


def dissent_by_person():
    """Every recorded view against a decision, per member (713号 art. 38)."""
    return (
        Opinion.objects.filter(position=Opinion.Position.AGAINST)
        .select_related("member", "item__matter", "item__meeting")
        .order_by("member__username", "-item__meeting__date")
    )


# --- After the decision ---------------------------------------------------------------

# A decision taken and not stopped: published and followed up.
FOLLOWED = (Matter.Status.DECIDED, Matter.Status.ADJUSTED, Matter.Status.SUSPENDED)


def _where_published(where: str, on_portal: bool) -> str:
    """Where something was published, the portal first when it went there (713号 art.
    32 for a decision, art. 3 for the catalogue); refused when it says nowhere."""
    where = where.strip()
    if on_portal:
        portal = _zh(lambda: _("this office's portal"))
        if portal not in where:
            where = "、".join(filter(None, [portal, where]))
    if not where:
        raise ValidationError({"published_where": _("Say where it was published.")})
    return where


@transaction.atomic
def do_publish_decision(
    matter: Matter,
    *,
    actor,
    published_on,
    published_where="",
    on_portal=False,
    explanation="",
) -> Matter:
    """Publish a decision (713号 art. 32): on the office's portal, elsewhere, or both. A
    major decision says how the public's and the experts' opinions were used, and
    completes its publication stage in order."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status not in FOLLOWED:
        raise ValidationError(_("Only a decision that was taken can be published."))
    if matter.published_on:
        raise ValidationError(_("This decision is already published."))
    if published_on > _today():
        raise ValidationError(
            {"published_on": _("A publication date cannot be in the future.")}
        )
    published_where = _where_published(published_where, on_portal)
    if matter.major_decision:
        if not explanation.strip():
            raise ValidationError(
                {
                    "opinions_explanation": _(
                        "Explain how the public's and the experts' opinions were used "
                        "(713号 art. 32)."
                    )
                }
            )
        do_complete_stage(
            matter.stages.get(code=S.PUBLISH),
            actor=actor,
            completed_on=published_on,
            outcome=published_where,
        )
    matter.published_on = published_on
    matter.published_where = published_where
    matter.on_portal = bool(on_portal)
    matter.opinions_explanation = explanation.strip()
    matter.save(
        update_fields=[
            "published_on",
            "published_where",
            "on_portal",
            "opinions_explanation",
        ]
    )
    audit.record(
        actor=actor,
        verb="decisions.published",
        target=matter,
        changes={
            "published_on": [None, str(published_on)],
            "published_where": [None, matter.published_where],
            "on_portal": [False, matter.on_portal],
        },
    )
    return matter


STATUS_FOR = {
    Progress.Kind.ADJUSTED: Matter.Status.ADJUSTED,
    Progress.Kind.SUSPENDED: Matter.Status.SUSPENDED,
    Progress.Kind.STOPPED: Matter.Status.STOPPED,
}


@transaction.atomic
def do_record_progress(
    matter: Matter, *, actor, date, kind: str, text: str
) -> Progress:
    """The executing department's report, or an adjustment, suspension or stop with its
    reason (713号 art. 34–37). Only a decision taken and not stopped is followed."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status not in FOLLOWED:
        raise ValidationError(
            _("Only a decision that was taken, and not stopped, is followed up.")
        )
    if kind not in Progress.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of report this is.")})
    if not text.strip():
        raise ValidationError(
            {
                "text": _(
                    "Say what happened; an adjustment, suspension or stop gives its reason."
                )
            }
        )
    if date > _today():
        raise ValidationError({"date": _("A report cannot be dated in the future.")})
    entry = Progress.objects.create(
        matter=matter, date=date, kind=kind, text=text.strip(), recorded_by=actor
    )
    changes = {"kind": [None, kind], "text": [None, text.strip()]}
    if kind in STATUS_FOR:
        changes["status"] = [matter.status, STATUS_FOR[kind]]
        matter.status = STATUS_FOR[kind]
        matter.save(update_fields=["status"])
    if kind == Progress.Kind.EVALUATION and matter.major_decision:
        Stage.objects.filter(matter=matter, code=S.EVALUATE).update(
            required=True, completed_on=date, outcome=text.strip()
        )
    audit.record(
        actor=actor, verb="decisions.progress_recorded", target=matter, changes=changes
    )
    return entry


# --- The year's catalogue of major decisions --------------------------------------------


@transaction.atomic
def do_add_catalogue_item(
    *, actor, year: int, title, department, basis="", planned_quarter=None, reason=""
) -> CatalogueItem:
    """Add a decision to the year's catalogue (made on first use). Once the catalogue is
    published, an addition is an adjustment and gives its reason."""
    catalogue, _created = Catalogue.objects.select_for_update().get_or_create(
        year=year, defaults={"created_by": actor}
    )
    if not title.strip():
        raise ValidationError({"title": _("Name the decision.")})
    if planned_quarter is not None and planned_quarter not in (1, 2, 3, 4):
        raise ValidationError({"planned_quarter": _("A quarter is 1 to 4.")})
    if catalogue.published_on and not reason.strip():
        raise ValidationError(
            {
                "added_reason": _(
                    "The catalogue is published: an addition adjusts it, so give the reason."
                )
            }
        )
    item = CatalogueItem.objects.create(
        catalogue=catalogue,
        order=catalogue.items.count() + 1,
        title=title.strip(),
        department=department,
        basis=basis.strip(),
        planned_quarter=planned_quarter,
        added_reason=reason.strip(),
    )
    audit.record(
        actor=actor,
        verb="decisions.catalogue_item_added",
        target=catalogue,
        changes={"title": [None, item.title]},
        reason=item.added_reason,
    )
    return item


@transaction.atomic
def do_approve_catalogue(
    catalogue: Catalogue, *, actor, approved_on, approval_ref=""
) -> Catalogue:
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if not catalogue.items.exists():
        raise ValidationError(_("The catalogue has no decisions in it yet."))
    if approved_on > _today():
        raise ValidationError({"approved_on": _("The date cannot be in the future.")})
    catalogue.approved_on, catalogue.approval_ref = approved_on, approval_ref.strip()
    catalogue.save(update_fields=["approved_on", "approval_ref"])
    audit.record(
        actor=actor,
        verb="decisions.catalogue_approved",
        target=catalogue,
        changes={"approved_on": [None, str(approved_on)]},
    )
    return catalogue


@transaction.atomic
def do_publish_catalogue(
    catalogue: Catalogue,
    *,
    actor,
    published_on,
    published_where="",
    on_portal=False,
) -> Catalogue:
    """Publish the catalogue — only after the Party committee agreed to it (713号 art. 3)."""
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if catalogue.approved_on is None:
        raise ValidationError(
            _(
                "The catalogue is published after the Party committee at the same level "
                "agrees to it (713号 art. 3): record the agreement first."
            )
        )
    if published_on < catalogue.approved_on:
        raise ValidationError(
            {"published_on": _("It cannot be published before it was agreed.")}
        )
    if published_on > _today():
        raise ValidationError({"published_on": _("The date cannot be in the future.")})
    published_where = _where_published(published_where, on_portal)
    catalogue.published_on = published_on
    catalogue.published_where = published_where
    catalogue.on_portal = bool(on_portal)
    catalogue.save(update_fields=["published_on", "published_where", "on_portal"])
    audit.record(
        actor=actor,
        verb="decisions.catalogue_published",
        target=catalogue,
        changes={"published_on": [None, str(published_on)]},
    )
    return catalogue


@transaction.atomic
def do_record_fair_competition_review(
    matter: Matter, *, actor, reviewed_on, conclusion: str
) -> Matter:
    """The fair competition review of a draft touching market actors (公平竞争审查)."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if not matter.market_actors:
        raise ValidationError(_("This matter does not involve market actors."))
    if matter.status not in (Matter.Status.REGISTERED, Matter.Status.REJECTED):
        raise ValidationError(
            _("The review is done before the matter goes to a meeting.")
        )
    if reviewed_on > _today():
        raise ValidationError(
            {"fair_competition_on": _("The date cannot be in the future.")}
        )
    if not conclusion.strip():
        raise ValidationError(
            {"fair_competition_conclusion": _("Give the review's conclusion.")}
        )
    matter.fair_competition_on = reviewed_on
    matter.fair_competition_conclusion = conclusion.strip()
    matter.save(update_fields=["fair_competition_on", "fair_competition_conclusion"])
    audit.record(
        actor=actor,
        verb="decisions.fair_competition_reviewed",
        target=matter,
        changes={
            "fair_competition_on": [None, str(reviewed_on)],
            "fair_competition_conclusion": [None, matter.fair_competition_conclusion],
        },
    )
    return matter
