from __future__ import annotations

from django import forms
from django.contrib import admin

from core.admin_workflow import ReviewableAdminMixin
from tests.workflow_app.models import Pledge


class PledgeForm(forms.ModelForm):
    class Meta:
        model = Pledge
        fields = Pledge.ENTRY_FIELDS


@admin.register(Pledge)
class PledgeAdmin(ReviewableAdminMixin, admin.ModelAdmin):
    form = PledgeForm

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return Pledge.objects.visible_to(request.user)
