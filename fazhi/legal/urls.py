from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("reviews/new/", views.review_create, name="review_create"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/opinion/", views.review_opinion, name="review_opinion"),
    path("reviews/<int:pk>/respond/", views.review_respond, name="review_respond"),
    path("reviews/export.xlsx", views.review_export, name="review_export"),
    path("figures/", views.figures, name="figures"),
    path("counsel/", views.counsel_list, name="counsel_list"),
    path("counsel/new/", views.counsel_create, name="counsel_create"),
    path("counsel/<int:pk>/", views.counsel_edit, name="counsel_edit"),
    path(
        "counsel/<int:pk>/filing.docx",
        views.counsel_filing_form,
        name="counsel_filing_form",
    ),
]
