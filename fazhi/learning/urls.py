from django.urls import path

from . import exam_views, views

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
    # Exams
    path("questions/", exam_views.question_list, name="question_list"),
    path("questions/new/", exam_views.question_create, name="question_create"),
    path("questions/<int:pk>/", exam_views.question_edit, name="question_edit"),
    path("questions/import/", exam_views.question_import, name="question_import"),
    path(
        "questions/template.xlsx",
        exam_views.question_template,
        name="question_template",
    ),
    path("exams/", exam_views.exam_list, name="exam_list"),
    path("exams/new/", exam_views.exam_create, name="exam_create"),
    path("exams/<int:pk>/", exam_views.exam_detail, name="exam_detail"),
    path("exams/<int:pk>/edit/", exam_views.exam_edit, name="exam_edit"),
    path("exams/<int:pk>/publish/", exam_views.exam_publish, name="exam_publish"),
    path("exams/<int:pk>/start/", exam_views.exam_start, name="exam_start"),
    path("exams/<int:pk>/results.xlsx", exam_views.exam_export, name="exam_export"),
    path("attempts/<int:pk>/", exam_views.attempt, name="attempt"),
    path("attempts/<int:pk>/answer/", exam_views.attempt_answer, name="attempt_answer"),
    path("attempts/<int:pk>/submit/", exam_views.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/review/", exam_views.attempt_review, name="attempt_review"),
    path("external/", exam_views.external_list, name="external_list"),
    path("external/import/", exam_views.external_import, name="external_import"),
    path(
        "external/template.xlsx",
        exam_views.external_template,
        name="external_template",
    ),
]
