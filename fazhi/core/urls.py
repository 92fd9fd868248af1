from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("files/<int:pk>/", views.download_attachment, name="attachment"),
    path("soon/<slug:code>/", views.not_yet_available, name="not_yet_available"),
    path("notifications/", views.notification_list, name="notifications"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
