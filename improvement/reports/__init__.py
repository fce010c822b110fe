"""Committee reports: one JSON-serialisable structure built from live data (builder), rendered live while a report
is a draft and frozen into `CommitteeReport.snapshot` when it is issued (services)."""
