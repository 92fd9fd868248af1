from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("", views.matter_list, name="matter_list"),
    path("matters/new/", views.matter_create, name="matter_create"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path(
        "matters/<int:pk>/stages/<int:stage_pk>/",
        views.stage_complete,
        name="stage_complete",
    ),
    path("matters/<int:pk>/archive.zip", views.matter_archive, name="matter_archive"),
    path("matters/<int:pk>/publish/", views.matter_publish, name="matter_publish"),
    path("matters/<int:pk>/progress/", views.matter_progress, name="matter_progress"),
    path(
        "matters/<int:pk>/fair-competition/",
        views.matter_fair_competition,
        name="matter_fair_competition",
    ),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/hold/", views.meeting_hold, name="meeting_hold"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/vote/",
        views.item_vote,
        name="item_vote",
    ),
    path(
        "meetings/<int:pk>/minutes.docx", views.meeting_minutes, name="meeting_minutes"
    ),
    path("dissent/", views.dissent, name="dissent"),
    path("catalogue/", views.catalogue, name="catalogue"),
]
