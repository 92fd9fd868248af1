"""The information-processing fee (信息处理费, 国办函〔2020〕109号 arts. 3–4): charged only
for a clearly excessive quantity, per applicant per natural month, 超额累进 — each unit
priced by the band it falls in, counting the applicant's earlier units that month.

Per item: the first 10 free; the 11th–30th 100 yuan each; from the 31st, each further band
of 10 items 100 yuan more (31st–40th 200, 41st–50th 300, …).
Per page: the first 30 free; 31–100 10 yuan; 101–200 20 yuan; from 201, 40 yuan.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings


def item_price(k: int) -> int:
    """The price of the k-th item (1-based) of an applicant in one month."""
    free = settings.FAZHI_DISCLOSURE_FEE_ITEM_FREE
    if k <= free:
        return 0
    if k <= 30:
        return 100
    return 100 * (2 + (k - 31) // 10)


def page_price(k: int) -> int:
    for limit, price in settings.FAZHI_DISCLOSURE_FEE_PAGE_BANDS:
        if limit is None or k <= limit:
            return price
    raise AssertionError("the last band has no limit")


def fee(method: str, units: int, earlier: int = 0) -> Decimal:
    """The fee for `units` more items or pages, after `earlier` this month."""
    price = item_price if method == "item" else page_price
    return Decimal(sum(price(k) for k in range(earlier + 1, earlier + units + 1)))
