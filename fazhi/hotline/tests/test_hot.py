"""Hot topics: tickets about one place and one problem grouped and ranked by heat, on
the 12345 export of the Teddy Cup 2020 (problem C) when it is there, on a small made-up
set, and through `refresh_topics` into the HotTopic rows."""

import csv
import datetime as dt
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone

from fazhi.hotline import hot
from fazhi.hotline.models import HotTopic, Ticket

HOT_MESSAGES = (
    Path(__file__).resolve().parents[3].parent / "shared/data/messages/hot-messages.csv"
)


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def messages():
    if not HOT_MESSAGES.exists():
        pytest.skip(f"{HOT_MESSAGES} is not on this machine")
    with HOT_MESSAGES.open(encoding="utf-8", newline="") as f:
        return [
            SimpleNamespace(
                id=int(row["留言编号"]),
                citizen=row["留言用户"].strip(),
                title=row["留言主题"].strip(),
                content=row["留言详情"].strip(),
                received_at=dt.datetime.strptime(
                    row["留言时间"].strip(), "%Y/%m/%d %H:%M:%S"
                ),
                likes=int(row["点赞数"] or 0),
            )
            for row in csv.DictReader(f)
        ]


def test_it_finds_the_known_hot_topics_of_the_12345_export(messages):
    groups = hot.group(messages)
    top = groups[:10]
    by_id = {m.id: m for m in messages}
    print()
    for g in top:
        print(
            f"{g.label} | {g.count} tickets, {g.citizens} citizens, {g.likes} likes"
            f" | {g.first_at:%Y-%m-%d} – {g.last_at:%Y-%m-%d} | {g.score:.2f}"
        )
    assert len(top) == 10
    assert [g.score for g in groups] == sorted((g.score for g in groups), reverse=True)
    for g in top:
        # Coherent: the members name the group's place.
        naming = sum(
            1
            for i in g.ids
            if g.place in _clean(by_id[i].title) or g.place in _clean(by_id[i].content)
        )
        assert naming * 5 >= g.count * 4, g.label
        assert g.citizens >= 2 and g.count == len(g.ids) == len(set(g.ids))
        assert g.first_at <= g.last_at
        assert g.likes == sum(by_id[i].likes for i in g.ids)
    assert len({(g.place, g.keywords) for g in top}) == 10
    # The clusters known from reading the data: the mixing plant by 丽发新城, the
    # parking spaces sold with the flats of 伊景园滨河苑, the collapsed lender 58车贷 and
    # the ground-floor restaurants of 魅力之城 (fumes and noise at night).
    places = [g.place for g in top]
    for known, problem in [
        ("丽发新城", "搅拌"),
        ("伊景园滨河苑", "车位"),
        ("58车贷", "立案"),
        ("魅力之城", "油烟"),
    ]:
        (g,) = [g for g in top if known in g.place]
        assert problem in " ".join(g.keywords), g.label
        assert (
            sum(problem in _clean(by_id[i].title + by_id[i].content) for i in g.ids) * 5
            >= g.count * 4
        )
    assert places.index("丽发新城") < places.index("伊景园滨河苑") < 4
    lifa = next(g for g in top if g.place == "丽发新城")
    assert lifa.count >= 40


# -- a made-up set -------------------------------------------------------------------

NOW = dt.datetime(2024, 6, 30, 12, 0)


def _ticket(pk, citizen, title, content, days_ago=10, likes=0):
    return SimpleNamespace(
        id=pk,
        citizen=citizen,
        title=title,
        content=content,
        received_at=NOW - dt.timedelta(days=days_ago, hours=pk),
        likes=likes,
    )


def _made_up():
    noise = "楼下KTV每天营业到凌晨两点，音响声音很大，噪音扰民，老人孩子无法休息"
    parking = "物业把地面停车费从每月100元涨到300元，停车收费没有公示，业主不同意"
    seepage = "地下室墙面渗水，雨天积水很深，渗水把电箱泡了，请督促开发商维修渗水"
    rubbish = "小区门口的垃圾桶几天没人清运，垃圾堆成小山，臭味很大，苍蝇很多"
    return [
        # 翠湖花园, KTV noise: four citizens.
        _ticket(1, "a", "A3区翠湖花园楼下KTV噪音扰民", noise),
        _ticket(2, "b", "翠湖花园KTV噪音扰民到凌晨", "我住在A3区翠湖花园，" + noise),
        _ticket(3, "c", "A3区翠湖花园小区KTV噪音太大", noise + "，多次投诉没人管"),
        _ticket(4, "d", "投诉翠湖花园KTV深夜噪音扰民", "A3区翠湖花园" + noise),
        # 翠湖花园, but another problem: one ticket is no topic.
        _ticket(5, "e", "A3区翠湖花园电梯经常故障", "电梯困人两次，维保单位不来修理"),
        # 枫林苑, parking fees: two citizens.
        _ticket(6, "f", "A3区枫林苑停车收费上涨", parking),
        _ticket(7, "g", "枫林苑物业乱涨停车费", "A3区枫林苑" + parking),
        # 金桂小区, seepage: two citizens, one post with many likes.
        _ticket(8, "h", "A5区金桂小区地下室渗水", seepage, likes=300),
        _ticket(9, "i", "金桂小区地下室渗水积水", "A5区金桂小区" + seepage),
        # 银杏家园, rubbish: two citizens, but more than a year ago.
        _ticket(10, "j", "A2区银杏家园垃圾无人清运", rubbish, days_ago=400),
        _ticket(
            11, "k", "银杏家园门口垃圾堆积", "A2区银杏家园" + rubbish, days_ago=401
        ),
        # One citizen writing twice about 石桥村 is one voice: no topic.
        _ticket(12, "m", "A7县石桥村道路破损", "村里的水泥路坑坑洼洼，下雨天没法走"),
        _ticket(13, "m", "A7县石桥村道路破损严重", "村里的水泥路坑坑洼洼，请尽快修"),
        # Unrelated single tickets.
        _ticket(14, "n", "咨询社保卡办理流程", "请问异地社保卡怎么办理，需要什么材料"),
        _ticket(15, "o", "建议增加公交班次", "早高峰公交车太挤了，希望增加班次"),
        _ticket(16, "p", "A3区梅林路路灯不亮", "梅林路一段路灯坏了一个多月"),
    ]


def test_it_groups_tickets_by_place_and_problem_and_ranks_them_by_heat():
    groups = hot.group(_made_up(), now=NOW)

    assert [(g.place, set(g.ids)) for g in groups] == [
        # 金桂小区 first: 300 likes weigh more than two more citizens.
        ("金桂小区", {8, 9}),
        # Four citizens before two, on the same days and without likes.
        ("翠湖花园", {1, 2, 3, 4}),
        ("枫林苑", {6, 7}),
        # As many citizens as 枫林苑 but a year older.
        ("银杏家园", {10, 11}),
    ]
    assert [g.label for g in groups] == [
        "A5区金桂小区 · 地下室渗水",
        "A3区翠湖花园 · 噪音",
        "A3区枫林苑 · 停车",
        "A2区银杏家园 · 垃圾",
    ]
    noise = groups[1]
    assert noise.count == noise.citizens == 4
    assert groups[0].score > noise.score > groups[2].score > groups[3].score
    assert groups[0].likes == 300
    assert groups[3].first_at == NOW - dt.timedelta(days=401, hours=11)
    assert groups[3].last_at == NOW - dt.timedelta(days=400, hours=10)


def test_it_scores_a_citizen_once_and_halves_with_the_half_life():
    same = [
        _ticket(1, "a", "A3区翠湖花园KTV噪音扰民", "KTV噪音扰民到凌晨", days_ago=0),
        _ticket(2, "b", "翠湖花园KTV噪音扰民", "KTV噪音扰民到凌晨", days_ago=0),
    ]
    (fresh,) = hot.group(same, now=NOW - dt.timedelta(hours=3))
    (old,) = hot.group(same, now=NOW + dt.timedelta(days=hot.HALF_LIFE_DAYS))
    assert old.score == pytest.approx(fresh.score / 2, rel=0.01)
    # The same citizen writing again adds a ticket but not a voice.
    again = [*same, _ticket(3, "b", "翠湖花园KTV噪音", "KTV噪音扰民到凌晨", days_ago=0)]
    (twice,) = hot.group(again, now=NOW - dt.timedelta(hours=3))
    assert twice.count == 3 and twice.citizens == 2
    assert twice.score == pytest.approx(fresh.score, rel=0.01)


def test_it_takes_tuples_and_finds_nothing_in_nothing():
    rows = [(t.id, t.title, t.content, t.received_at, t.likes) for t in _made_up()]
    assert {g.place for g in hot.group(rows, now=NOW)} >= {"翠湖花园", "金桂小区"}
    assert hot.group([]) == []


# -- refresh_topics ------------------------------------------------------------------


def _save(tickets):
    now = timezone.now()
    saved = []
    for t in tickets:
        received = now - (NOW - t.received_at)
        saved.append(
            Ticket.objects.create(
                channel=Ticket.Channel.HOTLINE,
                external_no=f"H{t.id:05d}",
                received_at=received,
                month=int(timezone.localtime(received).strftime("%Y%m")),
                title=t.title,
                content=t.content,
                likes=t.likes,
                citizen_phone=f"1380000{ord(t.citizen):04d}",
            )
        )
    return {t.id: s for t, s in zip(tickets, saved, strict=True)}


@pytest.mark.django_db
def test_refresh_topics_replaces_the_topics_and_points_tickets_at_them():
    tickets = _save(_made_up())
    stale = HotTopic.objects.create(label="旧的热点", count=1)
    Ticket.objects.filter(pk=tickets[14].pk).update(topic=stale)

    # The default window is the last year: 银杏家园 (400 days ago) is out.
    assert hot.refresh_topics() == 3
    topics = list(HotTopic.objects.all())
    assert [t.label.split(" · ")[0] for t in topics] == [
        "A5区金桂小区",
        "A3区翠湖花园",
        "A3区枫林苑",
    ]
    assert not HotTopic.objects.filter(pk=stale.pk).exists()
    noise = topics[1]
    assert noise.count == 4 and noise.score > topics[2].score and noise.keywords
    assert set(noise.tickets.values_list("pk", flat=True)) == {
        tickets[i].pk for i in (1, 2, 3, 4)
    }
    members = {tickets[i].pk for i in (1, 2, 3, 4, 6, 7, 8, 9)}
    assert (
        set(Ticket.objects.exclude(topic=None).values_list("pk", flat=True)) == members
    )

    # Running again replaces the rows rather than adding to them.
    assert hot.refresh_topics(since=timezone.now() - dt.timedelta(days=500)) == 4
    assert HotTopic.objects.count() == 4
    assert not HotTopic.objects.filter(pk__in=[t.pk for t in topics]).exists()
    assert Ticket.objects.get(pk=tickets[10].pk).topic.label.startswith("A2区银杏家园")
    assert Ticket.objects.get(pk=tickets[14].pk).topic is None
