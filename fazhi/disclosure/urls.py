from django.urls import path

from . import report_views, views

app_name = "disclosure"

urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("new/", views.application_create, name="application_create"),
    path("report/", report_views.report_index, name="report_index"),
    path("report/<int:year>/", report_views.report_page, name="report"),
    path(
        "report/<int:year>/<slug:kind>/", report_views.report_file, name="report_file"
    ),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/letter/", views.reply_letter, name="reply_letter"),
    path(
        "<int:pk>/<slug:action>/", views.application_action, name="application_action"
    ),
]
