from django.urls import path

from . import template_views, views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("files/<int:pk>/", views.download_attachment, name="attachment"),
    path("soon/<slug:code>/", views.not_yet_available, name="not_yet_available"),
    path("notifications/", views.notification_list, name="notifications"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("templates/", template_views.template_list, name="templates"),
    path(
        "templates/<str:code>/download/",
        template_views.template_download,
        name="template_download",
    ),
    path(
        "templates/<str:code>/upload/",
        template_views.template_upload,
        name="template_upload",
    ),
    path(
        "templates/<str:code>/restore/",
        template_views.template_restore,
        name="template_restore",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
