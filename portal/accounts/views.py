from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from portal.accounts.forms import SignInForm

TEMPLATE = "accounts/login.html"


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@cache_control(no_store=True)
def login(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": SignInForm()})
    form = SignInForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    return render(request, TEMPLATE, {"form": form, "not_configured": True}, status=501)
