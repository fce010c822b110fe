"""Django's JSON fixture format, keeping every microsecond of dates and times.

Django's JSON encoder cuts datetimes to milliseconds (ECMA-262 style), so a restored change-history row would
differ from the original. Loading needs nothing special: the standard JSON deserializer reads full ISO 8601.
"""

import datetime

from django.core.serializers import json as django_json

FORMAT = "json-exact"


class ExactEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = django_json.Deserializer
