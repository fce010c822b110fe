"""Seed paper 001 (Southampton, July 2012), Table 1: the self-assessment of December 2011 against the Ofsted
announced inspection of May 2012, built with the shared factories.

The paper says 22 judgements, 1 good, 18 adequate and 3 inadequate, but its Table 1 prints 21 rows (17 adequate):
the children looked after "Equality and diversity" judgement is missing from the table. It is added here as
adequate with no self-assessment grade, which makes the counts the paper's text gives.
"""

import datetime

from inspections.models import Framework, Grade, Inspection
from tests import factories

G, A, INAD = Grade.GOOD, Grade.ADEQUATE, Grade.INADEQUATE
SAFEGUARDING = "Safeguarding services"
LOOKED_AFTER = "Children looked after services"
KEY = {"Overall effectiveness", "Capacity to improve"}

TABLE_1 = [
    (SAFEGUARDING, "Overall effectiveness", G, A),
    (SAFEGUARDING, "Capacity to improve", G, A),
    (SAFEGUARDING, "Equality and diversity", A, A),
    (SAFEGUARDING, "Quality of provision", A, INAD),
    (SAFEGUARDING, "Safeguarding outcomes for children and young people", A, A),
    (SAFEGUARDING, "The contribution of health agencies to keeping children and young people safe", G, A),
    (SAFEGUARDING, "Partnership working", G, A),
    (SAFEGUARDING, "Performance management and quality assurance", G, A),
    (SAFEGUARDING, "Leadership and management", G, A),
    (SAFEGUARDING, "Ambition and prioritisation", G, A),
    (LOOKED_AFTER, "Overall effectiveness", G, A),
    (LOOKED_AFTER, "Capacity to improve", G, A),
    (LOOKED_AFTER, "Quality of provision", G, INAD),
    (LOOKED_AFTER, "Being healthy outcomes", G, G),
    (LOOKED_AFTER, "Staying safe outcomes", G, A),
    (LOOKED_AFTER, "Enjoying and achieving outcomes", A, A),
    (LOOKED_AFTER, "Making a positive contribution (including involvement)", A, A),
    (LOOKED_AFTER, "Economic well-being outcomes", A, INAD),
    (LOOKED_AFTER, "Performance management and quality assurance", G, A),
    (LOOKED_AFTER, "Leadership and management (ambition and prioritisation)", G, A),
    (LOOKED_AFTER, "Leadership and management", G, A),
    (LOOKED_AFTER, "Equality and diversity", "", A),
]


def southampton_2012():
    inspection = factories.InspectionFactory(
        kind=Inspection.Kind.OFSTED_SLAC,
        title="Inspection of safeguarding and looked after children services: Southampton",
        framework=Framework.SLAC,
        start_date=datetime.date(2012, 5, 8),
        end_date=datetime.date(2012, 5, 18),
        published_date=datetime.date(2012, 6, 22),
        overall_grade=Grade.ADEQUATE,
    )
    for order, (area, name, self_assessed, inspected) in enumerate(TABLE_1):
        factories.JudgementFactory(
            inspection=inspection,
            service_area=area,
            area_name=name,
            self_assessment_grade=self_assessed,
            grade=inspected,
            is_key=name in KEY,
            order=order,
        )
    factories.FindingFactory(inspection=inspection, text="Thresholds for intervention are clear.", kind="strength")
    factories.FindingFactory(inspection=inspection, text="Level of staff turnover.", kind="area_for_improvement")
    return inspection
