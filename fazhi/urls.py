from django.contrib import admin
from django.urls import include, path

from fazhi.api import api
from fazhi.core import views as core_views

admin.site.login = core_views.admin_login_redirect
admin.site.site_header = "fazhi 法治 — 系统管理"

urlpatterns = [
    path("", include("fazhi.core.urls")),
    path("plans/", include("fazhi.plans.urls")),
    path("learning/", include("fazhi.learning.urls")),
    path("outreach/", include("fazhi.outreach.urls")),
    path("legal/", include("fazhi.legal.urls")),
    path("decisions/", include("fazhi.decisions.urls")),
    path("disclosure/", include("fazhi.disclosure.urls")),
    path("hotline/", include("fazhi.hotline.urls")),
    path("open311/v2/", include("fazhi.hotline.open311_urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("portal/", include("fazhi.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
