"""Evidence files are private: only this view serves them, to users who may read the action, as downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from improvement.models import ProgressUpdate
from improvement.plans.evidence import CONTENT_TYPES, extension


def evidence_download(request, pk: int):
    update = get_object_or_404(ProgressUpdate.objects.select_related("action"), pk=pk)
    if not update.evidence_file:
        raise Http404("This update has no evidence file.")
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404("The evidence file is missing from storage; ask an administrator.") from None
    name = update.evidence_name or (update.evidence_file.name or "").rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES.get(extension(name), "application/octet-stream"),
    )
    # Always a download, never rendered by the browser: an uploaded file must not run as a page of this site.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
