"""Hot topics (热点问题): tickets about the same place and the same problem, ranked.

`group` is a pure function over tickets (id, title, content, received_at, likes and,
when known, who wrote it). It works in plain steps, each one explainable to the office:

1. Places. A place is a name ending in a kind-of-place word (小区 路 街 村 镇 园 苑 城
   学校 公司 …, `SUFFIXES`), read from the title. Chinese has no spaces, so where a name
   *starts* is learnt from the titles themselves: begin with two characters before the
   suffix and take one more to the left while at least half of the titles with the name
   also have that character before it ("河苑" → "滨河苑" → … → "伊景园滨河苑", but not
   "对伊景园滨河苑"). Punctuation, districts (A3区, 西地省), lead words (关于, 投诉) and
   words never inside a name (附近, 扰民) end a name; the name of a kind of place rather
   than a place (搅拌站, 公交站, 政府: `GENERIC`) is not one. A longer name also names the
   place it ends with (万科魅力之城 is 魅力之城). The opening of the content is searched
   for places some title has named.
2. Blocks. Each ticket is filed under one place: of those its title names, the one most
   citizens name (a ticket naming a road and an estate joins the estate's many tickets,
   not the road's few); when the title names none, one its content names. Tickets are
   compared only within their block, so the work grows with the blocks' sizes, not with
   the square of all tickets; a place in more than 5 % of the tickets is too vague.
3. Same problem. Within a block, texts (the title and the opening of the content, with
   place names and districts taken out) are character-bigram TF-IDF vectors in which a
   bigram also weighs log2(0.5 + how many texts of the block use it): the block's shared
   words speak, one ticket's own words hardly. Average-linkage clustering keeps texts
   whose mean cosine reaches `SIMILAR`; clusters whose mean texts reach `SAME_MEAN` are
   one (搅拌站 and 搅拌厂). A cluster is a group when at least `min_size` citizens wrote it
   and most of its titles name the place.
4. Heat. score = Σ over the group's tickets of 2^(−age / half-life) × (1 + ln(1 + likes)) / m
   where age is the ticket's distance from `now` (the newest ticket by default), the
   half-life is `HALF_LIFE_DAYS`, and m is how many of the group's tickets the same
   citizen wrote (1 when unknown). Each citizen is one voice however often they write; a
   ticket half a year old counts half, one a year old a quarter; a ticket with a thousand
   likes weighs like eight without.

A group's label is its place (the longest name of it that 80 % of the texts contain,
with the district most of them give) and its problem words: strings of two to four
characters many of its titles share that are rare in all tickets ("魅力之城 · 油烟 底层").

`refresh_topics` runs it over the last year of tickets and replaces the HotTopic rows.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

HALF_LIFE_DAYS = 180  # the default window is a year: its oldest tickets weigh a quarter
SIMILAR = 0.2
SAME_MEAN = 0.3
MAX_BLOCK_SHARE = 0.05
WINDOW_DAYS = 365
MAX_NAME = 12  # characters in a place name, suffix included
CONTENT_CHARS = 200  # the opening of the content that is read

# Words that end a place name. 车贷: the P2P lenders (58车贷) citizens write about in
# numbers when one collapses.
SUFFIXES = (  # noqa: SIM905 (word lists read best as words)
    "有限责任公司 有限公司 物业公司 分公司 公司 集团 银行 车贷 "
    "小区 社区 家园 花园 新村 公馆 华庭 庭院 山庄 大厦 广场 中心 市场 商城 商场 工地 "
    "东路 西路 南路 北路 中路 大道 路 街 巷 村 镇 乡 桥 港 湖 滩 岛 湾 "
    "幼儿园 小学 中学 大学 学院 学校 医院 "
    "园 苑 城 府 郡 墅 邸 站 厂"
).split()
# A kind of place rather than a place: left in the problem text.
GENERIC = frozenset(
    """
    政府 市政府 区政府 县政府 道路 马路 公路 水泥路 断头路 高速公路 十字路 交叉路 小区路
    农村 社区村 公交站 地铁站 垃圾站 搅拌站 加油站 变电站 火车站 中转站 充电站 收费站
    公交首末站 人行天桥 过街天桥 立交桥 高架桥 安置小区 老旧小区 国际小区 住宅小区
    本小区 该小区 我小区 新小区 配套幼儿园 普惠性幼儿园 小区配套幼儿园 培训学校
    实验学校 实验小学 实验中学 技术学院 职业技术学院 职业学院 附近工地 建筑工地 工业园
    有限公司 有限责任公司 开发公司 房地产公司 物业公司 自来水公司 科技公司 公交公司
    科技有限公司 开发有限公司 置业有限公司 建设有限公司 投资有限公司 管理有限公司
    服务有限公司 贸易有限公司 房地产开发有限公司 物业管理有限公司 业管理有限公司
    服务中心 交易中心 托管中心 商业中心 金融中心 国家中心 农贸市场 菜市场 步行街
    公园 校园 工厂 公交线路 快速路 国际城 国际社区 国际广场 商业广场
    """.split()  # noqa: SIM905
)
# Districts: 西地省, A市, A3区, K9县; 长沙市岳麓区.
_ADMIN = re.compile(
    r"[A-Z]\d{0,2}[市区县省]|[\u4e00-\u9fff]{2}省|(?<=市)[\u4e00-\u9fff]{2,3}?[区县]"
)
# Where a name cannot run on: punctuation, districts, lead words, words never in a name.
_BOUNDARY = re.compile(
    r"[^\w]+|_|[A-Z]\d{0,2}[市区县省]|[\u4e00-\u9fff]{2}省"
    r"|关于|反映|投诉|举报|咨询|请问|建议|请求|希望|要求|强烈|严重|问题|已经|一直"
    r"|附近|临街|沿街|周边|旁边|对面|门口|修建|新建|建设|设置|违建|拆除|施工|噪音|扰民|污染"
    r"|存在|没有|不能|无法|何时|什么|怎么|为何|是否|能否|可以|如何|业主|居民|学生"
    r"|家长|村民|职工|老人|孩子|破坏|占用|侵占|改道|迟迟"
)
_FUNCTION = frozenset(
    "的在了和与及对是为到从给把被让向将有无等或个这那该此其我你他们也都就还又再很太"
)
_SUFFIX = re.compile("|".join(sorted(SUFFIXES, key=len, reverse=True)))
_SUFFIX_END = frozenset(s[-1] for s in SUFFIXES)
_DISTRICT = re.compile(r"[A-Z]\d{0,2}[区县]|(?<=市)[\u4e00-\u9fff]{2,3}?[区县]")
_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
# Bigrams too common in titles to be a problem word.
_STOP_BIGRAMS = frozenset(
    "问题 反映 投诉 关于 咨询 建议 请求 希望 要求 请问 严重 什么 为什么 是否 何时 "  # noqa: SIM905
    "相关 部门 领导 政府 小区 业主 居民 市民 我们 能否 可以 如何 怎么 一直 已经 "
    "情况 处理 解决 进行 存在 没有 不能 导致 影响 才能 时候 何年 何月 一个 这个 "
    "需要 合理 可否 为何 还是 真的 仍然 依然 公然 长期 多次 目前 现在 今年 去年 "
    "你们 他们 有关 恳请 强烈 再次 坚决 街道 社区".split()
)


@dataclass(frozen=True)
class Group:
    label: str
    place: str
    keywords: tuple[str, ...]
    ids: tuple
    count: int  # tickets
    citizens: int  # distinct citizens (tickets when the citizen is unknown)
    likes: int
    first_at: dt.datetime
    last_at: dt.datetime
    score: float


@dataclass(slots=True)
class _Item:
    id: object
    title: str
    content: str
    at: dt.datetime
    likes: int
    voice: tuple  # who wrote it: the citizen when known, else the ticket itself
    place: str = ""  # the place the platform recorded (事发地点), when it did


def _norm(text: str, limit: int | None = None) -> str:
    text = text or ""
    if limit is not None:
        # Whitespace is most of a pasted text's length; normalising all of it is slow.
        text = _SPACE.sub("", text[: limit * 4])[:limit]
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def _item(raw) -> _Item:
    if hasattr(raw, "title"):
        values = (raw.id, raw.title, raw.content, raw.received_at, raw.likes)
        citizen = getattr(raw, "citizen", None)
        place = getattr(raw, "place", "")
    else:
        values, citizen = tuple(raw[:5]), (raw[5] if len(raw) > 5 else None)
        place = raw[6] if len(raw) > 6 else ""
    pk, title, content, at, likes = values
    voice = ("citizen", citizen) if citizen not in (None, "") else ("ticket", pk)
    content = _norm(content, CONTENT_CHARS)
    place = _norm(place or "")[: MAX_NAME * 2]
    return _Item(pk, _norm(title), content, at, int(likes or 0), voice, place)


# -- 1. places ---------------------------------------------------------------------


def _segments(text: str) -> list[str]:
    return [seg for seg in _BOUNDARY.split(text) if seg]


def _suffixes(seg: str):
    """(start, end) of each suffix in `seg` with a two-character core before it."""
    last_end = -1
    for m in _SUFFIX.finditer(seg):
        s, e = m.span()
        if s < 2 or seg[s - 1] in _FUNCTION or seg[s - 2] in _FUNCTION:
            continue
        if s == last_end:
            continue  # 丽发新城|小区, 小塘路|路灯: the name ended already
        last_end = e
        yield s, e


def _name_counts(titles: Iterable[str]) -> Counter:
    """In how many titles each possible name (a core of 2+ characters and a suffix)
    occurs."""
    counts: Counter = Counter()
    for title in titles:
        seen = set()
        for seg in _segments(title):
            for s, e in _suffixes(seg):
                for b in range(max(0, e - MAX_NAME), s - 1):
                    seen.add(seg[b:e])
        counts.update(seen)
    return counts


def _title_places(title: str, counts: Counter) -> list[str]:
    places = []
    for seg in _segments(title):
        for s, e in _suffixes(seg):
            b = s - 2
            while b > 0 and e - b < MAX_NAME and seg[b - 1] not in _FUNCTION:
                longer = counts[seg[b - 1 : e]]
                if longer < 2 or 2 * longer < counts[seg[b:e]]:
                    break
                b -= 1
            name = seg[b:e]
            if _generic(name) or _after_name(seg, s, counts):
                continue
            places.append(name)
    return places


def _after_name(seg: str, s: int, counts: Counter) -> bool:
    """Whether the two characters before the suffix at `s` start with the end of
    another name (凉塘路|旧城): the suffix then ends a common word, not a name."""
    if seg[s - 2] not in _SUFFIX_END:
        return False
    return any(counts[seg[j : s - 1]] >= 2 for j in range(max(0, s - MAX_NAME), s - 3))


def _generic(name: str) -> bool:
    """A kind of place (搅拌站), or one with a stray character (过马路, 村农村)."""
    return any(name[k:] in GENERIC for k in range(min(2, len(name) - 1)))


def _known_places(text: str, known: set[str]) -> list[str]:
    """The longest known place ending at each suffix of `text`."""
    places = []
    for seg in _segments(text):
        for s, e in _suffixes(seg):
            for b in range(max(0, e - MAX_NAME), s - 1):
                if seg[b:e] in known:
                    places.append(seg[b:e])
                    break
    return places


# -- 3. same problem ---------------------------------------------------------------


def _vectors(texts: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF rows of the character bigrams of `texts` (Chinese
    characters, Latin letters and digits), hashed to ~2²² columns; and each column's
    idf."""
    n = len(texts)
    joined = "\x00".join(texts) + "\x00"
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=n)
    rows = np.repeat(np.arange(n, dtype=np.int32), lengths)
    word = (
        ((chars >= 0x4E00) & (chars <= 0x9FFF))
        | ((chars >= ord("0")) & (chars <= ord("9")))
        | ((chars >= ord("A")) & (chars <= ord("Z")))
        | ((chars >= ord("a")) & (chars <= ord("z")))
    )
    keep = word[:-1] & word[1:]
    codes = (chars[:-1][keep].astype(np.int64) << 21) | chars[1:][keep]
    cols = _hash(codes)
    matrix = sparse.csr_matrix(
        (np.ones(len(cols), dtype=np.float32), (rows[:-1][keep], cols)),
        shape=(n, 1 << 22),
    )
    matrix.sum_duplicates()
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = (np.log((n + 1) / (df + 1)) + 1).astype(np.float32)
    # A bigram in more than a tenth of the texts says nothing about the problem.
    idf[df > max(10, n // 10)] = 0
    matrix.data = (1 + np.log(matrix.data)) * idf[matrix.indices]
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.diags(1 / norms).dot(matrix).tocsr(), idf


def _hash(codes: np.ndarray) -> np.ndarray:
    return (codes % 4_194_301).astype(np.int32)


def _bigram_col(bigram: str) -> int:
    return int(_hash(np.array([(ord(bigram[0]) << 21) | ord(bigram[1])]))[0])


# -- 4. heat and labels ------------------------------------------------------------


def _timestamp(moment: dt.datetime) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def _heat(items: list[_Item], now: dt.datetime) -> float:
    """The group's score: see the module docstring."""
    wrote = Counter(it.voice for it in items)
    half_life = HALF_LIFE_DAYS * 86400
    ref = _timestamp(now)
    total = 0.0
    for it in items:
        age = max(0.0, ref - _timestamp(it.at))
        total += 2 ** (-age / half_life) * (1 + math.log1p(it.likes)) / wrote[it.voice]
    return total


def _keywords(titles: list[str], idf: np.ndarray, limit: int = 3) -> tuple[str, ...]:
    """The group's problem words: strings of two to six characters that many of its
    distinct titles share, that stand free (more than one character or a title's edge on
    each side: 地下室渗水, not 下室渗水) and that are rare in all tickets (the mean idf of
    their bigrams); of a short and a long one used almost as often, the long one (搅拌 →
    搅拌站)."""
    distinct = {_ADMIN.sub(" ", t) for t in titles}
    used: Counter = Counter()
    before: dict[str, set] = defaultdict(set)
    after: dict[str, set] = defaultdict(set)
    for n, title in enumerate(distinct):
        seen = set()
        for r, run in enumerate(_CJK.findall(title)):
            for i, j in _spans(run):
                word = run[i:j]
                seen.add(word)
                before[word].add(run[i - 1] if i else (n, r))
                after[word].add(run[j] if j < len(run) else (n, r))
        used.update(seen)
    floor = max(2, len(distinct) / 5)
    words = {
        w: c
        for w, c in used.items()
        if c >= floor
        and len(before[w]) >= 2
        and len(after[w]) >= 2
        and w[0] not in _FUNCTION
        and w[-1] not in _FUNCTION
        and not any(w[i : i + 2] in _STOP_BIGRAMS for i in range(len(w) - 1))
    }
    # Drop a word when a longer one containing it is used almost as often.
    closed = {
        w: c
        for w, c in words.items()
        if not any(
            len(o) > len(w) and w in o and oc * 5 >= c * 4 for o, oc in words.items()
        )
    }
    rarity = {
        w: sum(float(idf[_bigram_col(w[i : i + 2])]) for i in range(len(w) - 1))
        / (len(w) - 1)
        for w in closed
    }
    chosen: list[str] = []
    for word in sorted(closed, key=lambda w: (-closed[w] * rarity[w], w)):
        if not any(word in c or c in word or _overlap(word, c) for c in chosen):
            chosen.append(word)
        if len(chosen) == limit:
            break
    return tuple(chosen)


def _spans(run: str):
    """(start, end) of the strings of 2–6 characters of `run` that do not cut a stop
    bigram in two."""
    for i in range(len(run) - 1):
        if i > 0 and run[i - 1 : i + 1] in _STOP_BIGRAMS:
            continue
        for j in range(i + 2, min(i + 6, len(run)) + 1):
            if j < len(run) and run[j - 1 : j + 1] in _STOP_BIGRAMS:
                continue
            yield i, j


def _overlap(a: str, b: str) -> bool:
    """Whether one word's end is the other's start (污染严 and 严重)."""
    return any(
        a.endswith(b[:k]) or b.endswith(a[:k]) for k in range(1, min(len(a), len(b)))
    )


def _district(items: list[_Item]) -> str:
    named = Counter()
    for it in items:
        found = _DISTRICT.findall(it.title) or _DISTRICT.findall(it.content)
        if found:
            named[found[0]] += 1
    if not named:
        return ""
    district, n = named.most_common(1)[0]
    return district if n * 2 > len(items) else ""


# -- the whole -------------------------------------------------------------------


def group(
    items: Iterable, *, now: dt.datetime | None = None, min_size: int = 2
) -> list[Group]:
    """Tickets grouped by place and problem, hottest first (see the module docstring).

    `items`: objects with id, title, content, received_at, likes and optionally citizen,
    or tuples in that order. Datetimes all naive or all aware (naive is read as UTC)."""
    its = [_item(raw) for raw in items]
    if not its:
        return []
    if now is None:
        now = max(its, key=lambda it: _timestamp(it.at)).at

    # Repeats count once: the same title posted twice, the same citizen writing twice.
    counts = _name_counts({it.title for it in its})
    places = [_title_places(it.title, counts) for it in its]
    # The place the platform recorded comes first: it is what the citizen said, not a
    # guess from the words.
    for it, ps in zip(its, places, strict=True):
        if it.place and it.place not in ps:
            ps.insert(0, it.place)
    named = _voices_naming(places, its)
    # A longer name also names the place it ends with (万科魅力之城 is 魅力之城).
    for ps in places:
        ps.extend(
            {p[k:] for p in ps for k in range(1, len(p) - 2) if named[p[k:]] >= 2}
            - set(ps)
        )
    named = _voices_naming(places, its)
    known = {p for p, c in named.items() if c >= 2}
    mentioned = [_known_places(it.content, known) for it in its]

    # Each ticket is filed under one place: of those its title names, the one most
    # citizens name (a ticket naming a road and an estate joins the estate's many
    # tickets, not the road's few); when its title names none, of those its content
    # names.
    widest = max(50, int(len(its) * MAX_BLOCK_SHARE))
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, (ps, ms) in enumerate(zip(places, mentioned, strict=True)):
        usable = [p for p in ps if min_size <= named[p] <= widest] or [
            p for p in ms if named[p] <= widest
        ]
        if usable:
            blocks[max(usable, key=lambda p: (named[p], len(p), p))].append(i)
    blocks = {p: m for p, m in blocks.items() if len(m) >= min_size}
    if not blocks:
        return []

    # The place names are taken out of the texts so that what is compared is the problem.
    members = sorted(i for m in blocks.values() for i in m)
    row = {i: r for r, i in enumerate(members)}
    titles = {i: _strip(its[i].title, places[i] + mentioned[i]) for i in members}
    texts = [
        f"{titles[i]}\x00{_strip(its[i].content, places[i] + mentioned[i])}"
        for i in members
    ]
    vectors, idf = _vectors(texts)
    distinct: dict[str, int] = {}
    text_ids = np.array([distinct.setdefault(t, len(distinct)) for t in texts])

    groups = []
    for place, block in blocks.items():
        idx = np.array([row[i] for i in block])
        labels = _same_problem(vectors[idx], text_ids[idx])
        clusters: dict[int, list[int]] = defaultdict(list)
        for i, label in zip(block, labels.tolist(), strict=True):
            clusters[label].append(i)
        for found in clusters.values():
            # A group is about its place when most of its titles say so; tickets that
            # only mention it in passing do not make a topic of it.
            in_title = sum(
                1 for i in found if place in its[i].title or its[i].place == place
            )
            voices = len({its[i].voice for i in found})
            if voices >= min_size and in_title * 2 >= len(found):
                groups.append(
                    _group(
                        [its[i] for i in found],
                        place=_main_place(
                            place,
                            {p for i in found for p in places[i] + mentioned[i]},
                            [its[i].title + its[i].content for i in found],
                        ),
                        keywords=_keywords([titles[i] for i in found], idf),
                        now=now,
                    )
                )
    groups.sort(key=lambda g: (-g.score, -g.count, g.label, str(g.ids[0])))
    return groups


def _group(found: list[_Item], *, place: str, keywords, now) -> Group:
    found = sorted(found, key=lambda it: _timestamp(it.at))
    district = _district(found)
    name = place if not district or place.startswith(district) else district + place
    return Group(
        label=f"{name} · {' '.join(keywords)}" if keywords else name,
        place=place,
        keywords=keywords,
        ids=tuple(it.id for it in found),
        count=len(found),
        citizens=len({it.voice for it in found}),
        likes=sum(it.likes for it in found),
        first_at=found[0].at,
        last_at=found[-1].at,
        score=round(_heat(found, now), 4),
    )


def _same_problem(block: sparse.csr_matrix, text_ids: np.ndarray) -> np.ndarray:
    """A cluster label for each row of the block.

    Copies of one text (a citizen posting twice) are compared once. A bigram's TF-IDF
    weight is multiplied by log2(0.5 + how many distinct texts of the block use it): a
    word only one ticket uses hardly counts, the words the block shares count most.
    Average linkage: a cluster's texts are alike on average, not merely through a chain
    of pairs."""
    _, first, inverse = np.unique(text_ids, return_index=True, return_inverse=True)
    rows = block[first]
    n = rows.shape[0]
    if n == 1:
        return np.zeros(len(text_ids), dtype=np.int64)
    # Only the block's own bigrams, as columns 0..k: small matrices, fast products.
    cols, local, used = np.unique(rows.indices, return_inverse=True, return_counts=True)
    weights = rows.data * np.log2(used[local] + 0.5)
    distinct = sparse.csr_matrix((weights, local, rows.indptr), shape=(n, len(cols)))
    norms = np.sqrt(np.asarray(distinct.multiply(distinct).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    distinct = sparse.diags(1 / norms) @ distinct
    sim = (distinct @ distinct.T).toarray()
    if n == 2:
        labels = np.array([0, 0 if sim[0, 1] >= SIMILAR else 1])
    else:
        distance = np.subtract(1, sim, out=sim)  # in place: a big block's matrix is big
        np.clip(distance, 0, None, out=distance)
        np.fill_diagonal(distance, 0)
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, 1 - SIMILAR, criterion="distance")
        labels = _merge_alike(distinct, labels)
    return labels[inverse]


def _merge_alike(rows: sparse.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Clusters of two or more whose mean texts are alike (cosine ≥ `SAME_MEAN`)
    merged: wording differs more between citizens than the problem (搅拌站, 搅拌厂)."""
    names, index, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    several = np.flatnonzero(sizes >= 2)
    if len(several) < 2:
        return labels
    member = sparse.csr_matrix(
        (np.ones(len(index)), (index, np.arange(len(index)))),
        shape=(len(names), len(index)),
    )[several]
    sums = member @ rows
    gram = (sums @ sums.T).toarray()
    norms = np.sqrt(np.clip(np.diag(gram), 1e-24, None))
    close = gram / np.outer(norms, norms) >= SAME_MEAN
    _, merged = connected_components(sparse.csr_matrix(close), directed=False)
    relabel = np.arange(len(names)) + len(several)  # the single ones stay apart
    relabel[several] = merged
    return relabel[index]


def _voices_naming(places: list[list[str]], its: list[_Item]) -> Counter:
    """How many citizens name each place in a title."""
    pairs = {(p, it.voice) for ps, it in zip(places, its, strict=True) for p in ps}
    return Counter(p for p, _ in pairs)


def _strip(text: str, places: list[str]) -> str:
    """`text` without the place names and districts: what is left is the problem."""
    for place in sorted(places, key=len, reverse=True):
        text = text.replace(place, "\x00")
    return _ADMIN.sub("\x00", text)


def _main_place(place: str, names: set[str], texts: list[str]) -> str:
    """The block's place, or a longer name of it that at least 80 % of the group's
    texts contain (伊景园 → 伊景园滨河苑)."""
    fits = [
        name
        for name in names
        if place in name and sum(name in t for t in texts) * 5 >= len(texts) * 4
    ]
    return max(fits, key=lambda name: (len(name), name), default=place)


def refresh_topics(
    since: dt.datetime | None = None, now: dt.datetime | None = None
) -> int:
    """Group the tickets received since `since` (default: the year before `now`) and
    make the groups the HotTopic rows, in one transaction: the old rows go, each
    member ticket points at its new topic and every other ticket at none. Returns the
    number of topics."""
    from django.db import transaction
    from django.db.models.functions import Substr
    from django.utils import timezone

    from .models import HotTopic, Ticket

    now = now or timezone.now()
    since = since or now - dt.timedelta(days=WINDOW_DAYS)
    # Only the opening of the content is read; the phone number tells citizens apart
    # (it never leaves this function).
    rows = (
        Ticket.objects.filter(received_at__gte=since, received_at__lte=now)
        .annotate(opening=Substr("content", 1, CONTENT_CHARS * 4))
        .values_list(
            "pk", "title", "opening", "received_at", "likes", "citizen_phone", "place"
        )
        .order_by()
        .iterator(chunk_size=2000)
    )
    groups = group(rows, now=now)

    with transaction.atomic():
        old = list(HotTopic.objects.values_list("pk", flat=True))
        topics = HotTopic.objects.bulk_create(
            HotTopic(
                label=g.label[:200],
                keywords=" ".join(g.keywords)[:200],
                count=g.count,
                likes=g.likes,
                first_at=g.first_at,
                last_at=g.last_at,
                score=g.score,
            )
            for g in groups
        )
        for topic, g in zip(topics, groups, strict=True):
            for chunk in _chunks(g.ids):
                Ticket.objects.filter(pk__in=chunk).update(topic=topic)
        for chunk in _chunks(old):
            Ticket.objects.filter(topic_id__in=chunk).update(topic=None)
            HotTopic.objects.filter(pk__in=chunk).delete()
    return len(topics)


def _chunks(values, size: int = 900):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
