from django.urls import path

from . import catalogue_views, report_views, views

app_name = "disclosure"

urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("new/", views.application_create, name="application_create"),
    path("catalogue/", catalogue_views.item_list, name="item_list"),
    path("catalogue/new/", catalogue_views.item_create, name="item_create"),
    path("catalogue/<int:pk>/", catalogue_views.item_detail, name="item_detail"),
    path(
        "catalogue/<int:pk>/<slug:action>/",
        catalogue_views.item_action,
        name="item_action",
    ),
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
