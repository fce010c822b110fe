"""The demo council's inspections and reviews, from the seed papers, as one council's history (2009 to 2015).

Recommendations are referred to elsewhere in the demo as (inspection key, addressee, number).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

D = datetime.date

LA = "local_authority"
LSCB = "lscb"

NOW = "immediately"
M3 = "within_3_months"
M6 = "within_6_months"
NONE = "none"

GOOD = "good"
ADEQUATE = "adequate"
INADEQUATE = "inadequate"


@dataclass(frozen=True)
class Rec:
    number: int
    text: str
    timescale: str = NONE
    addressee: str = LA
    priority_action: bool = False


@dataclass(frozen=True)
class InspectionSpec:
    key: str
    kind: str
    title: str
    body: str
    framework: str
    start: datetime.date
    end: datetime.date
    published: datetime.date | None
    overall_grade: str
    summary: str
    # (service area, area name, grade, self-assessment grade, key judgement)
    judgements: tuple[tuple[str, str, str, str, bool], ...] = ()
    strengths: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    recommendations: tuple[Rec, ...] = field(default_factory=tuple)


SAFEGUARDING = "Safeguarding"
LOOKED_AFTER = "Children looked after"

# Seed 001, Table 1: self-assessment (December 2011) against the inspection (May 2012), in the table's order.
# The extracted table shows 21 rows while the paper's text counts 22 (12 for children looked after; 1 good,
# 18 adequate, 3 inadequate): the looked-after row lost in extraction is SLAC's "Equality and diversity", restored
# last with the grades that make the paper's counts come out.
SLAC_2012_JUDGEMENTS = (
    (SAFEGUARDING, "Overall effectiveness", ADEQUATE, GOOD, True),
    (SAFEGUARDING, "Capacity to improve", ADEQUATE, GOOD, True),
    (SAFEGUARDING, "Equality and diversity", ADEQUATE, ADEQUATE, False),
    (SAFEGUARDING, "Quality of provision", INADEQUATE, ADEQUATE, False),
    (SAFEGUARDING, "Safeguarding outcomes for children and young people", ADEQUATE, ADEQUATE, False),
    (
        SAFEGUARDING,
        "The contribution of health agencies to keeping children and young people safe",
        ADEQUATE,
        GOOD,
        False,
    ),
    (SAFEGUARDING, "Partnership working", ADEQUATE, GOOD, False),
    (SAFEGUARDING, "Performance management and quality assurance", ADEQUATE, GOOD, False),
    (SAFEGUARDING, "Leadership and management", ADEQUATE, GOOD, False),
    (SAFEGUARDING, "Ambition and prioritisation", ADEQUATE, GOOD, False),
    (LOOKED_AFTER, "Overall effectiveness", ADEQUATE, GOOD, True),
    (LOOKED_AFTER, "Capacity to improve", ADEQUATE, GOOD, True),
    (LOOKED_AFTER, "Quality of provision", INADEQUATE, GOOD, False),
    (LOOKED_AFTER, "Being healthy outcomes", GOOD, GOOD, False),
    (LOOKED_AFTER, "Staying safe outcomes", ADEQUATE, GOOD, False),
    (LOOKED_AFTER, "Enjoying and achieving outcomes", ADEQUATE, ADEQUATE, False),
    (LOOKED_AFTER, "Making a positive contribution (including involvement)", ADEQUATE, ADEQUATE, False),
    (LOOKED_AFTER, "Economic well-being outcomes", INADEQUATE, ADEQUATE, False),
    (LOOKED_AFTER, "Performance management and quality assurance", ADEQUATE, GOOD, False),
    (LOOKED_AFTER, "Leadership and management (ambition and prioritisation)", ADEQUATE, GOOD, False),
    (LOOKED_AFTER, "Leadership and management", ADEQUATE, GOOD, False),
    (LOOKED_AFTER, "Equality and diversity", ADEQUATE, ADEQUATE, False),
)

UCRA_2009 = InspectionSpec(
    key="ucra2009",
    kind="ofsted_ucra",
    title="Unannounced inspection of contact, referral and assessment arrangements",
    body="Ofsted",
    framework="ucra",
    start=D(2009, 10, 8),
    end=D(2009, 10, 9),
    published=D(2009, 11, 5),
    overall_grade="",
    summary=(
        "An unannounced inspection of the front door found a number of weaknesses at a time when referrals had "
        "risen by 43% in a year and the number of children in care by about 20% in eighteen months, straining "
        "caseloads, placement capacity and costs. The Coalfield locality had a backlog of referrals."
    ),
    strengths=(
        "Staff are committed and know their communities well.",
        "Cabinet has identified additional budget provision to increase child protection capacity.",
    ),
    areas=(
        "A backlog of referrals awaiting allocation and assessment in the Coalfield locality.",
        "Workload management: social worker caseloads are too high to meet statutory responsibilities.",
        "Quality assurance and regular audit of case files are underdeveloped.",
        "Performance management information is not used routinely by managers.",
        "Pilot referral arrangements through the contact centre are not yet of sufficient quality.",
    ),
    recommendations=(
        Rec(1, "Ensure that all referrals in the Coalfield locality are allocated and assessed without delay and "
            "that the backlog is cleared.", NOW, priority_action=True),
        Rec(2, "Ensure that management oversight of contact and referral decisions is evident and recorded on "
            "every case file.", NOW, priority_action=True),
        Rec(3, "Ensure that initial assessments are completed within timescale and are of sufficient quality to "
            "identify risk.", NOW, priority_action=True),
        Rec(4, "Introduce a workload management system so that caseloads allow social workers to meet statutory "
            "responsibilities.", M3),
        Rec(5, "Establish a regular audit of case files, reports and social work supervision.", M3),
        Rec(6, "Review the quality of the pilot referral arrangements through the contact centre.", M3),
    ),
)  # fmt: skip

SLAC_2012 = InspectionSpec(
    key="slac2012",
    kind="ofsted_slac",
    title="Announced inspection of safeguarding and looked after children services",
    body="Ofsted and the Care Quality Commission",
    framework="slac",
    start=D(2012, 4, 23),
    end=D(2012, 5, 4),
    published=D(2012, 6, 13),
    overall_grade=ADEQUATE,
    summary=(
        "22 judgements across safeguarding and services for children looked after: 1 good, 18 adequate and 3 "
        "inadequate (safeguarding quality of provision; looked after children's economic well-being and quality "
        "of provision). All four key judgements adequate. The council's self-assessment of December 2011 was "
        "good in most areas. The workforce is not yet fit for purpose: very high turnover and too many agency "
        "staff, particularly in child protection and court work."
    ),
    judgements=SLAC_2012_JUDGEMENTS,
    strengths=(
        "Systematic application of common assessment processes across agencies.",
        "Parents, carers and children are satisfied with services when their social worker is consistent and "
        "experienced.",
        "Transparency for parents and carers regarding expectations of them.",
        "Thresholds for intervention are clear.",
        "Specialist teams (fostering, adoption, disability) provide consistently high quality, child-focused "
        "services.",
        "Strength and expertise of senior managers in maximising the ability of the existing workforce, and a "
        "growing leadership team in children's social care.",
    ),
    areas=(
        "Level of staff turnover.",
        "High percentage of agency social workers.",
        "Preponderance of newly qualified social workers.",
        "Quality of practice, including the quality of assessments and variability of supervision.",
        "Evidence of engagement of children, young people, parents and carers to shape services.",
        "Ability and capacity of the services to address ethnicity meaningfully at an individual level.",
        "Formulating, implementing and pursuing child protection and care plans at single and multi-agency level.",
        "Insufficient preparation for independence and adulthood, including suitable long-term housing.",
    ),
    recommendations=(
        Rec(1, "Ensure that the quality of social work assessments and plans is consistently good enough to "
            "safeguard children.", NOW, priority_action=True),
        Rec(2, "Ensure that core group meetings take place within timescales and review the progress of every "
            "child protection plan.", NOW, priority_action=True),
        Rec(3, "Ensure that all statutory visits to children in care take place and are recorded.", NOW,
            priority_action=True),
        Rec(4, "Develop and implement a workforce strategy that reduces staff turnover and reliance on agency "
            "social workers.", M3),
        Rec(5, "Ensure newly qualified social workers have protected caseloads and supervision.", M3),
        Rec(6, "Ensure that supervision is regular, reflective and recorded consistently across teams.", M3),
        Rec(7, "Ensure that file chronologies are sufficient to inform care planning for individual children.", M3),
        Rec(8, "Ensure that child protection plans are outcome-focused and understood by families.", M3),
        Rec(9, "Ensure that care plans for children looked after are specific and reviewed without drift.", M3),
        Rec(10, "Strengthen the engagement of children, young people, parents and carers in shaping services.", M3),
        Rec(11, "Ensure that the ethnicity, culture and identity of each child are addressed in assessments and "
            "plans.", M3),
        Rec(12, "Ensure that partners provide greater challenge through the LSCB and the children's trust.", M3),
        Rec(13, "Ensure that health assessments for children looked after are completed within timescales.", M3),
        Rec(14, "Improve preparation for independence and adulthood for young people leaving care.", M6),
        Rec(15, "Increase the supply of suitable long-term housing for care leavers.", M6),
        Rec(16, "Improve the economic well-being of care leavers, including access to education, employment and "
            "training.", M6),
        Rec(17, "Ensure that performance management and quality assurance drive improvement in front-line "
            "practice.", M6),
    ),
)  # fmt: skip

INDEPENDENT_2014 = InspectionSpec(
    key="independent2014",
    kind="independent_review",
    title="Independent review of the children's safeguarding service",
    body="Coreassets Consultancy and Resourcing",
    framework="ungraded",
    start=D(2014, 1, 13),
    end=D(2014, 2, 28),
    published=D(2014, 3, 21),
    overall_grade="",
    summary=(
        "Commissioned by the People Services Directorate. The review provided limited assurance on the "
        "arrangements in the children's safeguarding service, reflected in red ratings in the corporate "
        "assurance map from September 2014, and led to the development of an improvement plan."
    ),
    strengths=(
        "Committed front-line staff and a willingness to change.",
        "Senior leaders acknowledge the scale of the challenge.",
    ),
    areas=(
        "A high number of open cases without an allocated social worker.",
        "Cases held at check status with no action recorded or plan.",
        "Recording of contacts and referrals is unreliable.",
        "Assessments are frequently out of timescale.",
        "Management oversight and supervision are inconsistent.",
        "Heavy reliance on agency social workers.",
    ),
    recommendations=(
        Rec(1, "Reduce the number of unallocated cases and establish a caseload management system.", M3),
        Rec(2, "Stabilise the workforce through a recruitment and retention strategy that reduces reliance on "
            "agency staff.", M6),
        Rec(3, "Strengthen management oversight and the frequency and quality of supervision.", M3),
        Rec(4, "Review the front door pathway and the application of thresholds in the MASH.", M3),
        Rec(5, "Improve the timeliness and quality of initial and core assessments.", M3),
        Rec(6, "Provide front-line managers with performance information they can use.", M6),
        Rec(7, "Improve the quality of recording of contacts and referrals.", M3),
        Rec(8, "Establish a routine case audit programme.", M6),
    ),
)  # fmt: skip

LGA_2014 = InspectionSpec(
    key="lga2014",
    kind="lga_peer_review",
    title="LGA peer review of children's safeguarding",
    body="Local Government Association",
    framework="ungraded",
    start=D(2014, 4, 7),
    end=D(2014, 4, 10),
    published=D(2014, 5, 15),
    overall_grade="",
    summary=(
        "A peer review by senior officers from other councils shortly after the independent review. It confirmed "
        "the independent review's findings and recommended a single, well-governed improvement plan."
    ),
    strengths=(
        "Strong political commitment to improving services for vulnerable children.",
        "Good multi-agency relationships at a strategic level.",
        "Specialist fostering and adoption teams provide good services.",
    ),
    areas=(
        "The workforce is unstable, with high caseloads and high agency use.",
        "Thresholds are not shared or consistently applied by partners.",
        "Performance data is not used to manage practice.",
        "The child's voice is not evident in assessments and plans.",
    ),
    recommendations=(
        Rec(1, "Develop a workforce strategy covering recruitment, retention, career progression and agency "
            "reduction.", M6),
        Rec(2, "Agree thresholds with partners and strengthen the front door.", M3),
        Rec(3, "Bring improvement activity into one plan with clear milestones, owners and measures, overseen by "
            "an improvement board.", M3),
        Rec(4, "Build a performance culture in which data is used routinely at every level of management.", M6),
        Rec(5, "Put the voice of the child at the centre of assessment and planning.", M6),
        Rec(6, "Strengthen elected members' challenge through scrutiny and the corporate parenting board.", M6),
    ),
)  # fmt: skip

LGA_DIAGNOSTIC_2014 = InspectionSpec(
    key="lgadiag2014",
    kind="lga_diagnostic",
    title="LGA peer diagnostic of the Local Safeguarding Children Board",
    body="Local Government Association",
    framework="ungraded",
    start=D(2014, 11, 17),
    end=D(2014, 11, 19),
    published=D(2014, 12, 12),
    overall_grade="",
    summary=(
        "Arranged by the LSCB to test whether it could take over the oversight of improvement from the "
        "improvement board. The council was one of five pilot authorities for the diagnostic."
    ),
    strengths=(
        "Progress since the peer review, in particular in developing the multi-agency safeguarding hub.",
        "Ambitious: to be good by 2016/17.",
        "Strong cross-party political commitment to the safeguarding agenda.",
        "Clear prioritisation of the children's agenda within the council.",
        "A strong commitment to corporate parenting.",
        "The children's integrated needs assessment provides a valuable tool for clear prioritisation.",
        "Progress in responding quickly to the challenge of child sexual exploitation.",
        "Regular meetings between the LSCB chair, the chief executive, the DCS and the portfolio holder.",
    ),
    areas=(
        "Develop synergy of plans across the LSCB, the children and young people's partnership and the health and "
        "wellbeing board so that key priorities are shared and understood.",
        "Sharpen the focus on outcomes for children so that the council and partners know how the LSCB makes a "
        "difference.",
        "Adopt the principles of the children's improvement programme in the LSCB's work, developing a project "
        "management culture.",
        "Prioritise the priorities: identify key priorities and develop a performance scorecard for each.",
        "Strengthen the business unit to ensure capacity to deliver.",
    ),
)

DFE_2014 = InspectionSpec(
    key="dfe2014",
    kind="dfe_review",
    title="DfE review of progress against the improvement plan",
    body="Department for Education",
    framework="ungraded",
    start=D(2014, 12, 15),
    end=D(2014, 12, 16),
    published=D(2015, 1, 20),
    overall_grade="",
    summary=(
        "The DfE reviewed whether improvement had been maintained. It recognised progress in several areas and "
        "the cross-party support for safeguarding, and identified areas needing further attention, in line with "
        "the council's own assessment."
    ),
    strengths=(
        "Senior managers and lead members are visible, approachable and supportive; this is valued by staff and "
        "partners.",
        "Open communication: people feel listened to, consulted and included in changes and new ways of working.",
        "The case recording system is improved, more user friendly, and captures the voice of the child and "
        "child sexual exploitation intelligence.",
        "Increased management oversight, supervision and audit are now fully on the agenda.",
        "The offer for social workers is good: support and mentoring for newly qualified social workers, "
        "progression to senior roles and a social work academy.",
        "The council's commitment to the children's services agenda is clear.",
    ),
    areas=(
        "Evidencing the child's voice is improving but needs embedding across the system as the norm.",
        "Concerns remain over business support: some staff feel overwhelmed with administrative work, reducing "
        "time for reflective practice and training.",
        "Capacity issues with police partners, whose attendance at meetings, conferences and boards cannot be "
        "maintained.",
        "Confidence in the figures is increasing, but some operational staff rely on management analysis rather "
        "than using the data themselves to drive better practice.",
    ),
)

SIF_2015 = InspectionSpec(
    key="sif2015",
    kind="ofsted_sif",
    title="Inspection of services for children in need of help and protection, children looked after and care "
    "leavers, and review of the effectiveness of the LSCB",
    body="Ofsted",
    framework="sif",
    start=D(2015, 5, 11),
    end=D(2015, 6, 4),
    published=D(2015, 7, 20),
    overall_grade=INADEQUATE,
    summary=(
        "Children's services are inadequate. \"There are widespread and serious failures that leave children "
        "unsafe and mean that the welfare of children looked after is not adequately safeguarded or promoted.\" "
        "The report makes 27 recommendations to the local authority and 7 to the LSCB. The Secretary of State "
        "appointed a Commissioner for Children's Services; an interim Director of Children's Services was "
        "appointed."
    ),
    judgements=(
        ("Overall", "Overall effectiveness", INADEQUATE, "", True),
        ("Help and protection", "Children who need help and protection", INADEQUATE, "", True),
        (LOOKED_AFTER, "Children looked after and achieving permanence", INADEQUATE, "", True),
        (LOOKED_AFTER, "Adoption performance", INADEQUATE, "", False),
        (LOOKED_AFTER, "Experiences and progress of care leavers", INADEQUATE, "", False),
        ("Leadership", "Leadership, management and governance", INADEQUATE, "", True),
        ("LSCB", "The effectiveness of the Local Safeguarding Children Board", INADEQUATE, "", True),
    ),
    strengths=(
        "Decisions about whether referrals need a social care response are timely.",
        "Specialist fostering and adoption teams are child focused.",
        "Remedial action taken during the inspection has reduced unallocated cases.",
        "Elected members are committed to improvement and have made one-off funding available.",
        "Children's services staff are committed and want to improve practice.",
    ),
    areas=(
        "Over 1,000 open cases had no allocated social worker and many more sat at check status with no recorded "
        "action or plan.",
        "Section 47 enquiries and assessments are not completed in timescales that protect children.",
        "The MASH is overwhelmed by contacts that do not meet the threshold for social care.",
        "Child protection plans are not specific and core groups do not drive progress.",
        "High caseloads, high turnover and heavy reliance on agency social workers.",
        "Management oversight and supervision are weak and do not challenge drift.",
        "Performance management and quality assurance are underdeveloped; managers lack usable data.",
        "Too many care leavers are not in touch with the service, not in suitable accommodation or not in "
        "education, employment or training.",
        "The LSCB does not hold partners to account effectively.",
    ),
    recommendations=(
        Rec(1, "Ensure that all children referred to children's social care are allocated promptly to a suitably "
            "qualified and experienced social worker, and that no case is left unallocated.", NOW,
            priority_action=True),
        Rec(2, "Ensure that cases held at check status with no recorded action or plan are reviewed, risks "
            "assessed and children's circumstances recorded.", NOW, priority_action=True),
        Rec(3, "Ensure that strategy discussions and section 47 enquiries are timely, involve relevant partners "
            "and are completed within 28 days so that risks to children are understood.", NOW,
            priority_action=True),
        Rec(4, "Strengthen the multi-agency safeguarding hub so that contacts are screened promptly, thresholds "
            "are applied consistently and decisions are recorded with clear reasons.", M3),
        Rec(5, "Reduce the volume of contacts that do not need a social care response by agreeing and "
            "communicating a shared understanding of thresholds with partner agencies.", M6),
        Rec(6, "Ensure that assessments are completed within timescales that meet children's needs, are "
            "informed by history, analyse risk and lead to clear plans.", M3, priority_action=True),
        Rec(7, "Ensure that child protection plans are specific, measurable and outcome-focused, and that core "
            "groups meet regularly to review progress.", M3),
        Rec(8, "Ensure that initial child protection conferences are held within 15 working days of the strategy "
            "discussion.", M3),
        Rec(9, "Ensure that children subject to child protection plans are seen regularly, and alone where "
            "appropriate, and that visits are recorded.", NOW),
        Rec(10, "Improve the stability and capacity of the social work workforce through a recruitment and "
            "retention strategy that reduces reliance on agency staff.", M6),
        Rec(11, "Reduce social worker caseloads to a level that allows them to work effectively with children "
            "and families.", M3),
        Rec(12, "Ensure that all social workers receive regular, reflective supervision that is recorded and "
            "challenges drift.", M3),
        Rec(13, "Ensure that managers at all levels provide effective oversight of casework and that management "
            "decisions are recorded with their rationale.", M3),
        Rec(14, "Develop a performance management framework and reports that enable managers at all levels to "
            "understand and improve practice.", M3),
        Rec(15, "Implement a quality assurance and case audit programme that evaluates the quality of practice "
            "and drives improvement.", M6),
        Rec(16, "Ensure that the early help offer is coordinated and understood by partners, and that step-up and "
            "step-down arrangements with social care are effective.", M6),
        Rec(17, "Ensure that permanence planning for children looked after is timely, with a permanence plan "
            "agreed by the second review.", M3),
        Rec(18, "Ensure that the Public Law Outline is used effectively so that children do not experience delay "
            "in care proceedings.", M3),
        Rec(19, "Review all children accommodated under section 20 to ensure that their legal status is "
            "appropriate and their plans progress without delay.", NOW),
        Rec(20, "Increase the sufficiency of local placements, including foster carers and adopters, so that fewer "
            "children are placed at a distance.", M6),
        Rec(21, "Ensure that independent reviewing officers and child protection chairs have manageable workloads "
            "and challenge drift through the escalation process.", M3),
        Rec(22, "Ensure that all care leavers are in touch with the service and have an up-to-date pathway plan "
            "and a personal adviser.", M3),
        Rec(23, "Improve the range of suitable accommodation for care leavers and support them into education, "
            "employment or training.", M6),
        Rec(24, "Ensure that children's wishes and feelings are sought, recorded and inform assessments and "
            "plans.", M3),
        Rec(25, "Ensure that the corporate parenting board challenges and monitors outcomes for children looked "
            "after and care leavers, informed by the children in care council.", M3),
        Rec(26, "Ensure that the virtual school monitors and improves the educational progress of children looked "
            "after, including through good quality personal education plans.", M6),
        Rec(27, "Ensure that private fostering arrangements are identified, assessed and monitored.", M6),
        Rec(1, "Ensure that the Board rigorously monitors and challenges the effectiveness of front door and MASH "
            "arrangements across all partners.", M3, LSCB),
        Rec(2, "Develop a multi-agency performance dataset and use it to hold partners to account.", M3, LSCB),
        Rec(3, "Ensure that multi-agency audits are undertaken regularly and that their learning is "
            "disseminated.", M6, LSCB),
        Rec(4, "Ensure that the threshold document is understood and consistently applied by all partners.", M3,
            LSCB),
        Rec(5, "Strengthen the Board's oversight of child sexual exploitation and of children who go missing.",
            M3, LSCB),
        Rec(6, "Ensure that serious case reviews are completed in a timely way and their lessons embedded in "
            "practice.", M6, LSCB),
        Rec(7, "Ensure that the Board's business unit has the capacity to deliver its business plan.", M6, LSCB),
    ),
)  # fmt: skip

INSPECTIONS = (UCRA_2009, SLAC_2012, INDEPENDENT_2014, LGA_2014, LGA_DIAGNOSTIC_2014, DFE_2014, SIF_2015)

RecRef = tuple[str, str, int]

# Recommendations of different reviews that ask for the same thing: a board sees one line with every source.
RELATED: tuple[tuple[RecRef, ...], ...] = (
    (("sif2015", LA, 10), ("lga2014", LA, 1), ("independent2014", LA, 2), ("slac2012", LA, 4)),
    (("sif2015", LA, 1), ("independent2014", LA, 1)),
    (("sif2015", LA, 4), ("lga2014", LA, 2), ("independent2014", LA, 4)),
    (("sif2015", LA, 6), ("independent2014", LA, 5)),
    (("sif2015", LA, 12), ("independent2014", LA, 3), ("slac2012", LA, 6)),
    (("sif2015", LA, 14), ("lga2014", LA, 4), ("independent2014", LA, 6)),
    (("sif2015", LA, 15), ("independent2014", LA, 8)),
    (("sif2015", LA, 24), ("lga2014", LA, 5)),
    (("sif2015", LA, 25), ("lga2014", LA, 6)),
    (("sif2015", LA, 23), ("slac2012", LA, 15), ("slac2012", LA, 16)),
)
