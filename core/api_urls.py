from __future__ import annotations

from django.urls import path

from . import api

urlpatterns = [
    path("workdays/deadline/", api.deadline_view, name="api-workdays-deadline"),
]
