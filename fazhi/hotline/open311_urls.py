"""/open311/v2/: the GeoReport v2 resources, each in .json and .xml."""

from django.urls import path, re_path

from . import open311

app_name = "open311"

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    # Both are "discovery": reverse("open311:discovery") is the API's root, which
    # redirects to the document; with fmt=, the document itself.
    path("", open311.root, name="discovery"),
    re_path(r"^discovery" + FORMAT, open311.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, open311.service_list, name="services"),
    re_path(
        r"^services/(?P<code>[-\w]+)" + FORMAT,
        open311.service_definition,
        name="service",
    ),
    re_path(r"^requests" + FORMAT, open311.service_requests, name="requests"),
    re_path(
        r"^requests/(?P<request_id>[^/]+)" + FORMAT,
        open311.service_request,
        name="request",
    ),
    re_path(r"^tokens/(?P<token>[^/]+)" + FORMAT, open311.token_detail, name="token"),
    re_path(r"^(?P<rest>.*)$", open311.not_found),
]
