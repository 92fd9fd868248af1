from django.urls import path

from . import views

app_name = "hotline"

urlpatterns = [
    path("", views.ticket_list, name="ticket_list"),
    path("new/", views.ticket_create, name="ticket_create"),
    path("kpi/", views.kpi_page, name="kpi"),
    path("kpi.xlsx", views.kpi_xlsx, name="kpi_xlsx"),
    path("import/", views.import_page, name="import"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("<int:pk>/", views.ticket_detail, name="ticket_detail"),
    path("<int:pk>/attach/", views.ticket_attach, name="ticket_attach"),
    path("<int:pk>/reveal/", views.ticket_reveal, name="ticket_reveal"),
    path("<int:pk>/<slug:action>/", views.ticket_action, name="ticket_action"),
]
