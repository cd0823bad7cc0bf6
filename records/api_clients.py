"""The credit-report API for other departments' systems (`Authorization: Bearer <token>`):
an unknown, revoked or expired token is 401; a report or subject outside the token's scope
is 404, exactly like a subject that does not exist. Every query is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from records.models import ApiClient
from records.services.api_clients import api_client_for_token, api_client_may_read, api_query_audit
from records.services.reports import report_issue


class ApiClientUser:
    """What request.user is for an API client: not a person, never staff."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False
    pk = None

    def __init__(self, client: ApiClient) -> None:
        self.client = client

    def has_perm(self, *args: Any) -> bool:
        return False


class ApiClientAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ApiClientUser, ApiClient] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give one token after 'Bearer'.")
        client = api_client_for_token(header[1])
        if client is None:
            raise exceptions.AuthenticationFailed("The token is unknown, revoked or expired.")
        return ApiClientUser(client), client

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class IsApiClient(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiClient)


class CreditReportAPIView(APIView):
    """GET the subject's credit report, issued with a verification code to this client."""

    authentication_classes = [ApiClientAuthentication]
    permission_classes = [IsApiClient]
    throttle_classes: list[Any] = []
    kind = ""
    content_for: Callable[[str], dict[str, Any] | None]

    def get(self, request: Request, uscc: str) -> Response:
        client = request.auth
        assert isinstance(client, ApiClient)  # IsApiClient let only clients through
        code = uscc.strip().upper()
        content = self.content_for(code) if api_client_may_read(client, kind=self.kind, subject_code=code) else None
        if content is None:
            api_query_audit(client=client, kind=self.kind, subject_code=code, outcome="not_found")
            raise Http404
        report = report_issue(content=content, api_client=client, channel="api")
        api_query_audit(client=client, kind=self.kind, subject_code=code, outcome="issued", report_code=report.code)
        return Response(
            {
                "verification_code": report.code,
                "verify_url": request.build_absolute_uri(f"/verify/{report.code}/"),
                "pdf_url": request.build_absolute_uri(f"/reports/{report.code}/pdf/"),
                "issued_at": report.issued_at,
                "content_sha256": report.content_sha256,
                "report": report.content,
            }
        )


def _agency_content(uscc: str) -> dict[str, Any] | None:
    from core.models import Agency
    from records.reports import agency_report_content

    agency = Agency.objects.active().filter(uscc=uscc).first()
    return agency_report_content(agency) if agency else None


@extend_schema(
    tags=["credit reports"],
    responses={200: OpenApiResponse(description="The report, issued with a verification code"), 401: None, 404: None},
)
class AgencyCreditReportAPIView(CreditReportAPIView):
    kind = "agency"
    content_for = staticmethod(_agency_content)


class ApiClientAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The credit-report API's tokens in the OpenAPI schema: `Authorization: Bearer <token>`."""

    target_class = ApiClientAuthentication
    name = "apiClientToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer"}
