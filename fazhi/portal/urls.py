from django.urls import path

from . import applications, demands, lawreports, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("catalogues/<int:year>/", views.catalogue, name="catalogue"),
    path("open/", views.open_list, name="open_list"),
    path("open/<int:pk>/", views.open_item, name="open_item"),
    path("open/<int:pk>/docx/", views.open_item_download, name="open_item_download"),
    path("guide/", views.guide, name="guide"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:year>/", views.report_detail, name="report_detail"),
    path("reports/<int:year>/docx/", views.report_docx, name="report_docx"),
    path("law-reports/<int:year>/", lawreports.law_report, name="law_report"),
    path(
        "law-reports/<int:year>/report.<str:kind>",
        lawreports.law_report_file,
        name="law_report_file",
    ),
    path("apply/", applications.apply, name="apply"),
    path("messages/", demands.published, name="message_list"),
    path("messages/new/", demands.leave, name="message_new"),
    path("messages/follow/", demands.follow, name="message_follow"),
    path("messages/mine/<int:pk>/", demands.message, name="message"),
    path("messages/<int:pk>/", demands.published_message, name="message_public"),
    path("track/", applications.track, name="track"),
    path("track/<int:pk>/", applications.case, name="case"),
    path("track/<int:pk>/confirm/", applications.confirm, name="confirm"),
    path("track/<int:pk>/letter/", applications.letter, name="letter"),
]
