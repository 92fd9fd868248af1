"""The office's proactive-disclosure catalogue: items late or due soon first, recording,
the confidentiality review, publication and withdrawal."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.access import department_filter
from fazhi.core.forms import dated_initial, form_step
from fazhi.core.history import history_for
from fazhi.core.models import Department
from fazhi.plans.forms import DateInput

from . import catalogue
from .models import Item
from .views import due_soon_cutoff


class ItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    summary = forms.CharField(
        label=gettext_lazy("Summary of contents"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    formed_on = forms.DateField(
        label=gettext_lazy("Formed or changed on"), widget=DateInput()
    )
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=[])
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=Department.objects.all()
    )
    body = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (c, c) for c in settings.FAZHI_DISCLOSURE_CATEGORIES
        ]


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=gettext_lazy("Reviewed on"), widget=DateInput())
    publishable = forms.TypedChoiceField(
        label=gettext_lazy("Conclusion"),
        choices=[
            ("1", gettext_lazy("May be published")),
            ("0", gettext_lazy("Not to be published")),
        ],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=gettext_lazy("Published on"), widget=DateInput()
    )


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=gettext_lazy("Withdrawn on"), widget=DateInput()
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


def _items_for(user):
    if not user.has_perm("disclosure.view_item"):
        raise Http404
    scope = department_filter(user, "department")
    return Item.objects.filter(scope) if scope else Item.objects.all()


@require_GET
@login_required
def item_list(request):
    items = _items_for(request.user).select_related("department")
    today = timezone.localdate()
    show = request.GET.get("show", "")
    waiting = (Item.Status.DRAFT, Item.Status.CLEARED)
    if show == "late":
        items = items.filter(status__in=waiting, due_on__lt=today).order_by("due_on")
    elif show == "soon":
        items = items.filter(
            status__in=waiting, due_on__gte=today, due_on__lte=due_soon_cutoff(today)
        ).order_by("due_on")
    else:
        show = ""
    q = request.GET.get("q", "").strip()[:50]
    if q:
        items = items.filter(title__icontains=q)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/item_list.html",
        {
            "page": page,
            "show": show,
            "q": q,
            "today": today,
            "query": f"show={show}&q={q}",
            "can_add": request.user.has_perm("disclosure.add_item"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_create(request):
    if not request.user.has_perm("disclosure.add_item"):
        raise Http404
    form = ItemForm(
        request.POST or None,
        initial={
            "formed_on": timezone.localdate(),
            "department": request.user.department_id,
        },
    )
    return form_step(
        request,
        form,
        lambda d: catalogue.do_record_item(actor=request.user, **d),
        done=_("Saved."),
        then=lambda item: item,
        template="disclosure/item_action.html",
        context={"title": _("Record an item for publication")},
    )


ITEM_ACTIONS = {
    "review": (
        ReviewForm,
        lambda item, d, user: catalogue.do_review_item(
            item,
            actor=user,
            reviewed_on=d["reviewed_on"],
            publishable=d["publishable"],
            note=d["note"],
        ),
        gettext_lazy("Confidentiality review"),
        (Item.Status.DRAFT, Item.Status.HELD),
    ),
    "publish": (
        PublishForm,
        lambda item, d, user: catalogue.do_publish_item(
            item, actor=user, published_on=d["published_on"]
        ),
        gettext_lazy("Publish on the portal"),
        (Item.Status.CLEARED,),
    ),
    "withdraw": (
        WithdrawForm,
        lambda item, d, user: catalogue.do_withdraw_item(
            item, actor=user, withdrawn_on=d["withdrawn_on"], reason=d["reason"]
        ),
        gettext_lazy("Withdraw"),
        (Item.Status.PUBLISHED,),
    ),
}


def _item(user, pk) -> Item:
    try:
        return _items_for(user).select_related("department", "reviewed_by").get(pk=pk)
    except (Item.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@require_GET
@login_required
def item_detail(request, pk):
    item = _item(request.user, pk)
    actions = (
        [
            (code, label)
            for code, (_f, _d, label, states) in ITEM_ACTIONS.items()
            if item.status in states
        ]
        if request.user.has_perm("disclosure.change_item")
        else []
    )
    return render(
        request,
        "disclosure/item_detail.html",
        {
            "item": item,
            "actions": actions,
            "history": history_for(item),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_action(request, pk, action):
    if action not in ITEM_ACTIONS or not request.user.has_perm(
        "disclosure.change_item"
    ):
        raise Http404
    item = _item(request.user, pk)
    form_class, do, label, _states = ITEM_ACTIONS[action]
    data = request.POST if request.method == "POST" else None
    return form_step(
        request,
        form_class(data, initial=dated_initial(form_class)),
        lambda d: do(item, d, request.user),
        done=_("Saved."),
        then=item,
        template="disclosure/item_action.html",
        context={"title": label, "item": item},
    )
