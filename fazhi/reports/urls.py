from django.urls import path

from . import dashboard_views, views
from .workbook import files as workbook_files

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("checks/", dashboard_views.checks, name="checks"),
    path("<int:year>/", views.report_page, name="report"),
    path("<int:year>/edit/", views.report_edit, name="edit"),
    path("<int:year>/approve/", views.report_approve, name="approve"),
    path("<int:year>/withdraw/", views.report_withdraw, name="withdraw"),
    path("<int:year>/publish/", views.report_publish, name="publish"),
    path("<int:year>/versions/<int:number>/", views.version_page, name="version"),
    path("<int:year>/figures/<slug:key>/", views.figure_page, name="figure"),
    path("<int:year>/report.<str:kind>", views.report_file, name="file"),
    path("<int:year>/ledgers.xlsx", workbook_files.workbook_xlsx, name="workbook"),
]
