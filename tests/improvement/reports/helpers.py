"""What an admin types into the report form for a draft about the `council` fixture's plan and indicators."""


def report_form_data(council, **overrides):
    data = {
        "committee": council["committee"].pk,
        "meeting_date": "2015-09-25",
        "title": "Progress report",
        "baseline_date": "2015-05-19",
        "current_date": "2015-09-01",
        "plans": [council["plan"].pk],
        "indicators": [i.pk for i in council["indicators"].values()],
        "purpose": "To update the committee.",
        "suppress_below": "5",
        "classification": "open",
        "sections": ["purpose", "progress", "impact"],
    }
    return {**data, **overrides}
