from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from digipuff.core import urls as core_urls
from digipuff.core.views import healthz
from digipuff.organisation.sso.views import SignOut
from digipuff.organisation.views import start

urlpatterns = [
    # The start page lists the user's units and roles (organisation's), under its historical name core:start,
    # beside core's own pages (background task status).
    path("", include(([path("", start, name="start"), *core_urls.urlpatterns], "core"))),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", SignOut.as_view(), name="logout"),
    path("oidc/", include("digipuff.organisation.sso.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("org/", include("digipuff.organisation.urls")),
    path("goals/", include("digipuff.goals.urls")),
    path("indicators/", include("digipuff.indicators.urls")),
    path("followup/", include("digipuff.followup.urls")),
    path("activities/", include("digipuff.activities.urls")),
    path("internal-control/", include("digipuff.internal_control.urls")),
    path("economy/", include("digipuff.economy.urls")),
    path("kolada/", include("digipuff.integrations.kolada.urls")),
    path("reports/", include("digipuff.reports.urls")),
    path("meetings/", include("digipuff.meetings.urls")),
    path("search/", include("digipuff.search.urls")),
    # The public portal and open data: anyone, without signing in.
    path("oppen/", include("digipuff.portal.urls")),
    path("api/v1/", include("digipuff.config.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler404 = "digipuff.core.views.not_found"
