"""The JSON API under /api/v1/ (OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs).

Session authentication with CSRF, the same as the pages; every endpoint calls the same
access functions and services as the pages do.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="fazhi API",
    version="1",
    description="法治政府建设工作台 JSON API",
    auth=django_auth,
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": exc.messages}, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


api.add_router("/plans", "fazhi.plans.api.router")
api.add_router("/learning", "fazhi.learning.api.router")
api.add_router("/outreach", "fazhi.outreach.api.router")
api.add_router("/legal", "fazhi.legal.api.router")
api.add_router("/decisions", "fazhi.decisions.api.router")
