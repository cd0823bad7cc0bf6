from __future__ import annotations

from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("commitments/", views.commitment_list, name="list"),
    path("commitments/<int:pk>/", views.commitment_detail, name="detail"),
]
