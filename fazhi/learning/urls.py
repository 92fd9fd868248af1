from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("compliance/", views.compliance, name="compliance"),
    path("figures/", views.figures, name="figures"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/export.xlsx", views.person_export, name="person_export"),
    path("me/", views.my_record, name="my_record"),
]
