from django.shortcuts import render
from django.utils import timezone

from improvement.models import Plan
from improvement.selectors import plan_summaries


def home(request):
    as_at = timezone.localdate()
    plans = Plan.objects.filter(status=Plan.Status.ACTIVE).select_related("board", "owner")
    return render(request, "improvement/home.html", {"summaries": plan_summaries(plans, as_at), "as_at": as_at})
