"""The demo's earlier plans, one per seed paper whose story the two live plans do not tell:

- seed 004 (November 2009): the Safeguarding and Looked After Children Improvement Programme, 18 projects each with
  a lead, sponsored by the Safeguarding Forum, with its completion criterion;
- seed 001 (July 2012): the quality improvement plan answering the 2012 inspection's 17 recommendations (3
  immediately, 10 within three months, 4 within six months);
- seed 003 (February 2015): the Ofsted action plan after the May 2014 "requires improvement" inspection, delivered
  while the 2012 DfE intervention notice was still in force.

Leads and owners are the demo's invented officers.
"""

from __future__ import annotations

import datetime

from demo.inspections import LA
from demo.plans import MANAGER, Act, Done, PlanData, PriorityData

D = datetime.date

PROGRAMME_PROJECTS = (  # seed 004, Appendix 1, in the paper's order, with invented leads
    ("Ensure children and young people are safe", "m.carr"),
    ("Development & implementation of a performance management framework", "k.oconnor"),
    ("Quality audit process for case files, reports and social work supervision", "k.oconnor"),
    ("Caseload management system", MANAGER),
    ("Framework, ICS and management information improvement programme", "k.oconnor"),
    ("Social care thresholds document", "m.carr"),
    ("Equity exercise (internal/external)", "a.patel"),
    ("Service responsiveness, including complaints", "l.turnbull"),
    (
        "Appointment to new posts and the establishment of the new social care performance and policy development "
        "section",
        "a.patel",
    ),
    ("Induction, workforce & management development", "a.patel"),
    ("Review of service provided by the contact centre", MANAGER),
    ("Partnership development", "g.fenwick"),
    ("Partnership thresholds & pathways", "g.fenwick"),
    ("Safer recruitment", "a.patel"),
    ("Value for money", "s.bell"),
    ("Participation programme within children's social care services", "l.turnbull"),
    ("Equality & diversity", "l.turnbull"),
    ("Services for Looked After Children", "r.hughes"),
)

PROGRAMME_2009 = PlanData(
    name="Safeguarding and Looked After Children Improvement Programme",
    kind="programme",
    description=(
        "Commissioned after the unannounced inspection of October 2009 to secure sustained improvement in "
        "safeguarding and services for looked after children across Children and Young People's Services. 18 "
        "projects, each with an identified lead; a programme manager co-ordinates them and reports progress to "
        "elected members and senior managers. Expected to run for 12 months."
    ),
    owner="s.bell",
    board="Safeguarding children board",
    start=D(2009, 11, 23),
    end=D(2010, 11, 30),
    status="closed",
    inspections=("ucra2009",),
    slug="improvement-programme-2009",
    sponsor=(
        "The Safeguarding Forum, supplemented by the Independent Chair of the Safeguarding Board and the Children's "
        "Services Adviser from the Government Office"
    ),
    completion_criterion=(
        "The improvements engendered by the programme have become sufficiently embedded to be maintained without "
        "the programme management structure. The Sponsoring Group makes this decision."
    ),
    priorities=tuple(
        PriorityData(
            number,
            title,
            lead,
            "",
            (),
            assessments=((D(2010, 11, 15), "blue", "Project closed; its improvements are embedded."),),
        )
        for number, (title, lead) in enumerate(PROGRAMME_PROJECTS, start=1)
    ),
)


def slac(number: int) -> tuple[str, str, int]:
    return ("slac2012", LA, number)


def sif2014(number: int) -> tuple[str, str, int]:
    return ("sif2014", LA, number)


QUALITY_IMPROVEMENT_PLAN_2012 = PlanData(
    name="Quality Improvement Plan 2012",
    kind="quality_improvement",
    description=(
        "Developed to respond to the 17 recommendations of the announced inspection of safeguarding and looked "
        "after children services (April and May 2012): 3 for immediate implementation, 10 within three months and "
        "4 within six months. The areas for immediate implementation are the quality of social work, core group "
        "meetings and statutory visits to children in care."
    ),
    owner="s.bell",
    board="Scrutiny committee",
    start=D(2012, 6, 20),
    end=D(2013, 3, 31),
    status="closed",
    inspections=("slac2012",),
    slug="quality-improvement-plan-2012",
    priorities=(
        PriorityData(1, "For immediate implementation", "m.carr", "Recommendations 1 to 3.", (
            Act("1.1", "m.carr", D(2012, 6, 20), D(2012, 7, 31),
                "Audit the quality of assessments and plans in every team and act on the findings.",
                ("Audit tool agreed; 120 cases sampled.", "Findings reported to the management team."),
                Done(D(2012, 7, 27)), recs=(slac(1),)),
            Act("1.2", MANAGER, D(2012, 6, 20), D(2012, 7, 31),
                "Hold every core group meeting within timescale and record its review of the plan.",
                ("Core group tracker in place.", "98% of core groups held in timescale in July."),
                Done(D(2012, 7, 30)), recs=(slac(2),)),
            Act("1.3", "r.hughes", D(2012, 6, 20), D(2012, 7, 31),
                "Complete and record every statutory visit to children in care.",
                ("Overdue visits allocated to named workers.", "All overdue visits completed and recorded."),
                Done(D(2012, 7, 25)), recs=(slac(3),)),
        )),
        PriorityData(2, "Within three months", "a.patel", "Recommendations 4 to 13.", (
            Act("2.1", "a.patel", D(2012, 7, 1), D(2012, 9, 30),
                "Agree a workforce strategy to reduce turnover and reliance on agency social workers.",
                ("Draft strategy consulted on with staff.", "Strategy approved by Cabinet."),
                Done(D(2012, 9, 24)), recs=(slac(4), slac(5))),
            Act("2.2", "k.oconnor", D(2012, 7, 1), D(2012, 9, 30),
                "Introduce a supervision standard and audit compliance monthly.",
                ("Standard issued.", "First monthly audit: 81% of supervision held to the standard."),
                Done(D(2012, 10, 12)), recs=(slac(6), slac(7))),
            Act("2.3", "m.carr", D(2012, 7, 1), D(2012, 9, 30),
                "Make child protection and care plans outcome-focused and reviewed without drift.",
                ("Plan templates revised.", "Training delivered to every team."),
                Done(D(2012, 9, 28)), recs=(slac(8), slac(9), slac(11), slac(13))),
            Act("2.4", "l.turnbull", D(2012, 7, 1), D(2012, 9, 30),
                "Strengthen how children, parents and carers and partners shape services and challenge practice.",
                ("Participation plan agreed with the children in care council.", "Partnership challenge log."),
                Done(D(2012, 9, 27)), recs=(slac(10), slac(12))),
        )),
        PriorityData(3, "Within six months", "j.robson", "Recommendations 14 to 17.", (
            Act("3.1", "j.robson", D(2012, 7, 1), D(2012, 12, 31),
                "Improve preparation for adulthood, housing and education, employment and training for care "
                "leavers.",
                ("Housing protocol agreed.", "Apprenticeship offer launched."),
                Done(D(2012, 12, 14)), recs=(slac(14), slac(15), slac(16))),
            Act("3.2", "k.oconnor", D(2012, 7, 1), D(2012, 12, 31),
                "Use performance management and quality assurance to drive front-line practice.",
                ("Monthly performance report to team managers.", "Quality assurance framework adopted."),
                Done(D(2012, 12, 20)), recs=(slac(17),)),
        )),
    ),
)  # fmt: skip

OFSTED_ACTION_PLAN_2014 = PlanData(
    name="Ofsted Action Plan 2014",
    kind="action",
    description=(
        "The action plan after the May 2014 inspection judged children's services 'requires improvement', "
        "presented to Cabinet on 1 October 2014 and sent to Ofsted on 6 October. Delivered through the children's "
        "wellbeing transformation programme while the DfE intervention notice issued in 2012 remained in force; "
        "the DfE's review of December 2014 expected to recommend that the notice be withdrawn."
    ),
    owner="s.bell",
    board="Cabinet",
    start=D(2014, 10, 6),
    end=D(2015, 5, 29),
    status="closed",
    inspections=("sif2014",),
    slug="ofsted-action-plan-2014",
    priorities=(
        PriorityData(1, "Recording and performance reporting", "k.oconnor", "", (
            Act("1.1", "k.oconnor", D(2014, 10, 6), D(2014, 12, 19),
                "Add fields to the case recording system for the voice of the child and child sexual "
                "exploitation intelligence.",
                ("Fields specified with practitioners.", "Fields live in the case recording system."),
                Done(D(2014, 12, 12)), recs=(sif2014(1),)),
            Act("1.2", "k.oconnor", D(2014, 10, 6), D(2015, 3, 31),
                "Give team managers monthly performance reports they use to drive practice.",
                ("Report designed.", "First reports issued; managers still rely on central analysis.",
                 "Reports discussed at every team meeting."),
                Done(D(2015, 3, 27)), recs=(sif2014(2),)),
        )),
        PriorityData(2, "Quality assurance and management oversight", "m.carr", "", (
            Act("2.1", "m.carr", D(2014, 10, 6), D(2015, 1, 30),
                "Implement the quality assurance framework with a monthly case audit programme.",
                ("Framework approved.", "First monthly audits completed."),
                Done(D(2015, 1, 23)), recs=(sif2014(3),)),
            Act("2.2", "m.carr", D(2014, 10, 6), D(2015, 2, 27),
                "Publish levels of need guidance for partners and staff.",
                ("Guidance drafted with partners.", "Guidance published and briefed to partners."),
                Done(D(2015, 2, 20)), recs=(sif2014(4),)),
        )),
        PriorityData(3, "Children with a disability and child sexual exploitation", "r.hughes", "", (
            Act("3.1", "r.hughes", D(2014, 10, 6), D(2015, 2, 27),
                "Increase capacity in the children with a disability service.",
                ("Two additional social workers recruited.", "Caseloads within the standard."),
                Done(D(2015, 2, 13)), recs=(sif2014(4),)),
            Act("3.2", "g.fenwick", D(2014, 10, 6), D(2015, 5, 29),
                "Agree the child sexual exploitation strategy and operational response across the police "
                "alliance area.",
                ("Strategy agreed by the safeguarding board.", "Operational group meets monthly.",
                 "Response in place across the alliance."),
                Done(D(2015, 5, 22)), recs=(sif2014(1),)),
        )),
    ),
)  # fmt: skip

SEED_PLANS = (PROGRAMME_2009, QUALITY_IMPROVEMENT_PLAN_2012, OFSTED_ACTION_PLAN_2014)
