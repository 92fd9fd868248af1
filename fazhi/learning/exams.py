"""Exams: the question bank, papers drawn by rule, sittings with a deadline the server
keeps, scoring, and results of exams held elsewhere. Every change goes through here."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import audit

from .models import (
    LETTERS,
    Answer,
    Attempt,
    Exam,
    ExamQuestion,
    ExternalResult,
    Law,
    Question,
)

QUESTION_FIELDS = [
    "kind",
    "text",
    "options",
    "answer",
    "law",
    "article",
    "explanation",
    "active",
]
EXAM_FIELDS = ["title", "opens_at", "closes_at", "minutes", "pass_percent", "mode"]
MAX_QUESTIONS = 200


# --- The question bank -----------------------------------------------------------------


def question_in_use(question: Question) -> bool:
    return (
        Answer.objects.filter(question=question).exists()
        or ExamQuestion.objects.filter(question=question).exists()
    )


@transaction.atomic
def do_add_question(*, actor, **fields) -> Question:
    question = Question(created_by=actor, **fields)
    question.full_clean(exclude=["created_by"])
    question.save()
    audit.record(
        actor=actor,
        verb="exam.question_added",
        target=question,
        changes=audit.diff({}, audit.snapshot(question, QUESTION_FIELDS)),
    )
    return question


@transaction.atomic
def do_change_question(question: Question, *, actor, **fields) -> Question:
    """Change a question; once on a paper only whether it is in use may change, so the
    papers people sat keep the question they answered (retire it and add a new one)."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    before = audit.snapshot(question, QUESTION_FIELDS)
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean(exclude=["created_by"])
    changes = audit.diff(before, audit.snapshot(question, QUESTION_FIELDS))
    if set(changes) - {"active"} and question_in_use(question):
        raise ValidationError(
            _(
                "This question is already on an exam paper and can no longer be "
                "changed. Take it out of use and add a corrected question instead."
            )
        )
    question.save()
    if changes:
        audit.record(
            actor=actor, verb="exam.question_changed", target=question, changes=changes
        )
    return question


# --- Exams and their papers ------------------------------------------------------------


def clean_rules(rules) -> list[dict]:
    """The drawing rule as stored, or a ValidationError a clerk can act on."""
    if not rules:
        raise ValidationError(
            {"rules": _("Give at least one line of the drawing rule.")}
        )
    laws = set(Law.objects.values_list("pk", flat=True))
    out = []
    for line in rules:
        try:
            kind = str(line["kind"])
            law = None if line.get("law") in (None, "") else int(line["law"])
            count = int(line["count"])
            points = Decimal(str(line["points"]))
        except (KeyError, TypeError, ValueError, InvalidOperation):
            raise ValidationError(
                {"rules": _("A line of the drawing rule is incomplete.")}
            ) from None
        if kind not in Question.Kind.values:
            raise ValidationError({"rules": _("Unknown question type.")})
        if law is not None and law not in laws:
            raise ValidationError({"rules": _("Unknown law.")})
        if not 1 <= count <= MAX_QUESTIONS:
            raise ValidationError(
                {
                    "rules": _("Each line draws between 1 and %(n)d questions.")
                    % {"n": MAX_QUESTIONS}
                }
            )
        if not (Decimal("0.5") <= points <= 100) or points % Decimal("0.5"):
            raise ValidationError(
                {"rules": _("Points per question are between 0.5 and 100, in halves.")}
            )
        points = points.quantize(Decimal("0.1"))  # "10", "10.0", 10 are one rule
        out.append({"kind": kind, "law": law, "count": count, "points": str(points)})
    if sum(line["count"] for line in out) > MAX_QUESTIONS:
        raise ValidationError(
            {"rules": _("A paper has at most %(n)d questions.") % {"n": MAX_QUESTIONS}}
        )
    return out


def draw(rules: list[dict], rng: random.Random) -> list[tuple[int, Decimal]]:
    """(question id, points) for a paper drawn by `rules`, in rule order; no question
    twice. Refused if the bank has too few questions in use for a line."""
    taken: set[int] = set()
    paper = []
    for line in rules:
        pool = Question.objects.filter(active=True, kind=line["kind"])
        if line["law"] is not None:
            pool = pool.filter(law_id=line["law"])
        ids = sorted(set(pool.values_list("pk", flat=True)) - taken)
        if len(ids) < line["count"]:
            kind = Question.Kind(line["kind"]).label
            law = Law.objects.filter(pk=line["law"]).first() if line["law"] else None
            raise ValidationError(
                _(
                    "The bank has only %(have)d %(kind)s questions in use%(law)s, "
                    "and the rule asks for %(want)d."
                )
                % {
                    "have": len(ids),
                    "kind": kind,
                    "law": _(" on %(law)s") % {"law": law} if law else "",
                    "want": line["count"],
                }
            )
        chosen = rng.sample(ids, line["count"])
        taken.update(chosen)
        paper.extend((pk, Decimal(line["points"])) for pk in chosen)
    return paper


def rules_text(rules: list[dict]) -> str:
    """The drawing rule as the history shows it: 单选题·民法典 4题×15分；…"""
    laws = dict(Law.objects.values_list("pk", "name"))
    any_law = _("any law")
    return "；".join(
        f"{Question.Kind(line['kind']).label}·{laws.get(line['law'], any_law)} "
        f"{line['count']}×{line['points']}"
        for line in rules
    )


def _check_exam(exam: Exam) -> None:
    exam.full_clean(exclude=["created_by", "candidates"])
    # One instant, one text in the history: a time typed in Beijing time and the same
    # time read back from the database must not look like a change.
    for name in ("opens_at", "closes_at"):
        value = getattr(exam, name)
        if value is not None and timezone.is_aware(value):
            setattr(exam, name, value.astimezone(dt.UTC))
    if exam.closes_at <= exam.opens_at:
        raise ValidationError({"closes_at": _("The exam must close after it opens.")})


@transaction.atomic
def do_create_exam(*, actor, candidates, **fields) -> Exam:
    fields["rules"] = clean_rules(fields.get("rules"))
    exam = Exam(created_by=actor, **fields)
    _check_exam(exam)
    if not candidates:
        raise ValidationError({"candidates": _("Choose who takes the exam.")})
    exam.save()
    exam.candidates.set(candidates)
    audit.record(
        actor=actor,
        verb="exam.created",
        target=exam,
        changes=audit.diff({}, audit.snapshot(exam, EXAM_FIELDS))
        | {
            "rules": [None, rules_text(exam.rules)],
            "candidates": [None, len(candidates)],
        },
    )
    return exam


@transaction.atomic
def do_change_exam(exam: Exam, *, actor, candidates=None, **fields) -> Exam:
    """Change an exam while it is a draft; once published only its candidates and its
    closing time may change (a late starter, a longer window)."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    before = audit.snapshot(exam, EXAM_FIELDS)
    old_rules = exam.rules
    if "rules" in fields:
        fields["rules"] = clean_rules(fields["rules"])
    for name, value in fields.items():
        setattr(exam, name, value)
    _check_exam(exam)
    changes = audit.diff(before, audit.snapshot(exam, EXAM_FIELDS))
    if exam.rules != old_rules:
        changes["rules"] = [rules_text(old_rules), rules_text(exam.rules)]
    if exam.status == Exam.Status.PUBLISHED and set(changes) - {"closes_at", "title"}:
        raise ValidationError(
            _(
                "The exam is published: only its title, closing time and candidates can change."
            )
        )
    exam.save()
    if candidates is not None:
        if not candidates:
            raise ValidationError({"candidates": _("Choose who takes the exam.")})
        old = set(exam.candidates.values_list("pk", flat=True))
        if old != {p.pk for p in candidates}:
            exam.candidates.set(candidates)
            changes["candidates"] = [len(old), len(candidates)]
    if changes:
        audit.record(actor=actor, verb="exam.changed", target=exam, changes=changes)
    return exam


@transaction.atomic
def do_publish_exam(exam: Exam, *, actor, rng: random.Random | None = None) -> Exam:
    """Publish a draft: a fixed exam's one paper is drawn now; a random exam is checked
    by a trial draw, so nobody finds the bank too small when they start."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status != Exam.Status.DRAFT:
        raise ValidationError(_("The exam is already published."))
    paper = draw(exam.rules, rng or random.SystemRandom())
    if exam.mode == Exam.Mode.FIXED:
        ExamQuestion.objects.bulk_create(
            ExamQuestion(exam=exam, question_id=pk, order=n, points=points)
            for n, (pk, points) in enumerate(paper, start=1)
        )
    exam.status = Exam.Status.PUBLISHED
    exam.published_at = timezone.now()
    exam.save(update_fields=["status", "published_at"])
    audit.record(
        actor=actor,
        verb="exam.published",
        target=exam,
        changes={"status": [Exam.Status.DRAFT, Exam.Status.PUBLISHED]},
    )
    return exam


# --- Sitting the exam -------------------------------------------------------------------


def _grace() -> dt.timedelta:
    return dt.timedelta(seconds=settings.FAZHI_EXAM_GRACE_SECONDS)


def normalise(response: str, question: Question) -> str:
    """The letters a person chose, sorted, or a ValidationError for a forged value."""
    letters = "".join(sorted(set(str(response or "").upper().replace(",", ""))))
    valid = LETTERS[: len(question.options)]
    if any(letter not in valid for letter in letters):
        raise ValidationError(_("That is not one of the options."))
    if question.kind != Question.Kind.MULTIPLE and len(letters) > 1:
        raise ValidationError(_("Choose one option."))
    return letters


@transaction.atomic
def do_start_attempt(exam: Exam, *, person, now=None, rng=None) -> Attempt:
    """Start `person`'s sitting, or return the one already started: the deadline is
    fixed at the first start, so reloading or signing in again gives no extra time."""
    now = now or timezone.now()
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    existing = Attempt.objects.filter(exam=exam, person=person).first()
    if existing:
        return existing
    if exam.status != Exam.Status.PUBLISHED:
        raise ValidationError(_("The exam is not published yet."))
    if not exam.candidates.filter(pk=person.pk).exists():
        raise ValidationError(_("You are not on the list of candidates for this exam."))
    if now < exam.opens_at:
        raise ValidationError(
            _("The exam opens at %(t)s.")
            % {"t": timezone.localtime(exam.opens_at).strftime("%Y-%m-%d %H:%M")}
        )
    if now >= exam.closes_at:
        raise ValidationError(_("The exam has closed."))
    if exam.mode == Exam.Mode.FIXED:
        paper = list(exam.paper.values_list("question_id", "points"))
    else:
        paper = draw(exam.rules, rng or random.SystemRandom())
    attempt = Attempt.objects.create(
        exam=exam,
        person=person,
        started_at=now,
        deadline=min(now + dt.timedelta(minutes=exam.minutes), exam.closes_at),
        total=sum((points for _pk, points in paper), Decimal(0)),
    )
    Answer.objects.bulk_create(
        Answer(attempt=attempt, question_id=pk, order=n, points=points)
        for n, (pk, points) in enumerate(paper, start=1)
    )
    return attempt


def _locked(attempt: Attempt) -> Attempt:
    return Attempt.objects.select_for_update().select_related("exam").get(pk=attempt.pk)


def _refuse_if_closed(attempt: Attempt, now) -> None:
    if attempt.submitted_at is not None:
        raise ValidationError(
            _("This paper has already been handed in; it cannot change.")
        )
    if now > attempt.deadline + _grace():
        raise ValidationError(
            _("Time is up: answers after %(t)s are not accepted.")
            % {"t": timezone.localtime(attempt.deadline).strftime("%H:%M:%S")}
        )


@transaction.atomic
def do_save_answer(attempt: Attempt, *, order: int, response: str, now=None) -> Answer:
    """Keep one answer as it is chosen, so a reload or a lost connection loses nothing."""
    now = now or timezone.now()
    attempt = _locked(attempt)
    _refuse_if_closed(attempt, now)
    try:
        answer = attempt.answers.select_related("question").get(order=order)
    except (Answer.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("That question is not on your paper.")) from None
    answer.response = normalise(response, answer.question)
    answer.save(update_fields=["response"])
    return answer


def _set(answers, field: str) -> None:
    """Write one field of many answers in a statement per distinct value (a paper has
    a handful: True/False, or the letters chosen), not a statement per answer."""
    by_value: dict = {}
    for answer in answers:
        by_value.setdefault(getattr(answer, field), []).append(answer.pk)
    for value, pks in by_value.items():
        Answer.objects.filter(pk__in=pks).update(**{field: value})


def score(attempt: Attempt) -> Attempt:
    """Mark every answer and total the paper. An answer scores its points when it names
    exactly the correct options (a multiple-choice answer with one missing scores 0)."""
    answers = list(
        attempt.answers.select_related("question").only(
            "pk", "response", "points", "question__answer"
        )
    )
    total = Decimal(0)
    for answer in answers:
        answer.correct = answer.response == answer.question.answer
        if answer.correct:
            total += answer.points
    _set(answers, "correct")
    attempt.score = total
    attempt.passed = bool(attempt.total) and (
        100 * total >= attempt.exam.pass_percent * attempt.total
    )
    return attempt


@transaction.atomic
def do_submit_attempt(
    attempt: Attempt, *, responses: dict | None = None, now=None, actor=None
) -> Attempt:
    """Hand in the paper: the answers posted with it are kept, then the paper is scored.
    A second hand-in is refused; after the deadline the posted answers are refused and
    the paper is scored as it was saved by the deadline."""
    now = now or timezone.now()
    attempt = _locked(attempt)
    if attempt.submitted_at is not None:
        raise ValidationError(
            _("This paper has already been handed in; it cannot change.")
        )
    late = now > attempt.deadline + _grace()
    if responses and not late:
        by_order = {a.order: a for a in attempt.answers.select_related("question")}
        changed = []
        for order, response in responses.items():
            answer = by_order.get(order)
            if answer is None:
                raise ValidationError(_("That question is not on your paper."))
            value = normalise(response, answer.question)
            if value != answer.response:
                answer.response = value
                changed.append(answer)
        _set(changed, "response")
    attempt.submitted_at = min(now, attempt.deadline) if late else now
    attempt.auto_submitted = late
    score(attempt)
    attempt.save(update_fields=["submitted_at", "auto_submitted", "score", "passed"])
    audit.record(
        actor=actor or attempt.person,
        verb="exam.submitted",
        target=attempt,
        changes={
            "score": [None, str(attempt.score)],
            "passed": [None, attempt.passed],
        },
        reason=_("handed in when time ran out") if late else "",
    )
    # The caller tells the person their late answers were not kept.
    attempt.late_answers_refused = bool(late and responses)
    return attempt


def close_if_overdue(attempt: Attempt, now=None) -> Attempt:
    """Hand in a paper whose time has run out and nobody submitted (the browser was
    closed): it is scored as saved."""
    now = now or timezone.now()
    if attempt.submitted_at is None and now > attempt.deadline + _grace():
        try:
            return do_submit_attempt(attempt, now=now)
        except ValidationError:
            attempt.refresh_from_db()
    return attempt


def close_overdue(exam: Exam | None = None, now=None) -> int:
    """Hand in every overdue paper (of one exam, or all): before results are read."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        submitted_at__isnull=True, deadline__lt=now - _grace()
    ).select_related("exam", "person")
    if exam is not None:
        overdue = overdue.filter(exam=exam)
    count = 0
    for attempt in overdue:
        close_if_overdue(attempt, now)
        count += 1
    return count


# --- Results of exams held elsewhere -----------------------------------------------------


def pass_mark() -> Decimal:
    return Decimal(settings.FAZHI_EXAM_PASS_PERCENT)


def _check_external(result: ExternalResult) -> None:
    result.full_clean(exclude=["imported_by", "person"], validate_unique=False)
    if not Decimal(0) <= result.score <= Decimal(1000):
        raise ValidationError({"score": _("The score must be between 0 and 1000.")})


@transaction.atomic
def do_record_external_results(rows: list[dict], *, actor, source: str = "") -> list:
    """Record results of an external exam (all or none). A result already recorded for
    the same exam and person is replaced: the city corrects and re-exports its lists."""
    saved, replaced = [], 0
    for fields in rows:
        result = ExternalResult.objects.filter(
            exam_name=fields["exam_name"], person=fields["person"]
        ).first() or ExternalResult(imported_by=actor)
        replaced += result.pk is not None
        for name, value in fields.items():
            setattr(result, name, value)
        result.source = source[:200]
        result.imported_by = actor
        _check_external(result)
        try:
            with transaction.atomic():
                result.save()
        except IntegrityError:
            raise ValidationError(
                _("The same person appears twice for one exam.")
            ) from None
        saved.append(result)
    if saved:
        audit.record(
            actor=actor,
            verb="exam.external_imported",
            changes={"results": [None, len(saved)], "replaced": [None, replaced]},
            reason=source[:200],
        )
    return saved
