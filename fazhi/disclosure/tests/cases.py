"""An application registered through the service, with only what a test cares about."""

import datetime as dt

from fazhi.disclosure import services


def register(actor, day: dt.date, channel: str = "in_person", **extra):
    app, _code = services.do_register_application(
        actor=actor,
        channel=channel,
        applicant_type=extra.pop("applicant_type", "person"),
        name=extra.pop("name", "王某"),
        id_type=extra.pop("id_type", "居民身份证"),
        id_number=extra.pop("id_number", "120101199001011234"),
        description=extra.pop("description", "2026年区级部门预算公开表"),
        form=extra.pop("form", "electronic"),
        delivery=extra.pop("delivery", "email"),
        submitted_on=day,
        email=extra.pop("email", "wang@example.cn"),
        **extra,
    )
    return app
