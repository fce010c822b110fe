"""The demo's committees and plans: the 100 day plan of summer 2015, and the Learning and Improvement plan.

The 100 day plan keeps its real dates (seed 000: June to September 2015; by 1 September several actions were
behind schedule or had not started). The Learning and Improvement plan (seed 002's seven priorities) is dated
relative to the day the demo is loaded, so that "today" always shows actions in every status and colour.

A date here is either a `datetime.date` or a whole number of days from the load date (negative: in the past).
Each action's progress updates are written from its notes, oldest first: the last note is the current state.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from demo import people
from demo.inspections import LA, LSCB

D = datetime.date
When = datetime.date | int

COMMITTEES = (
    ("Improvement board", "improvement_board"),
    ("Cabinet", "cabinet"),
    ("Scrutiny committee", "scrutiny"),
    ("Audit and governance committee", "audit_and_governance"),
    ("Corporate parenting board", "corporate_parenting"),
    ("Safeguarding children board", "safeguarding_partnership"),
)


@dataclass(frozen=True)
class Done:
    """Marked complete by the owner (with evidence) two days before `at`, and verified on `at`."""

    at: When


@dataclass(frozen=True)
class Awaiting:
    """Marked complete by the owner on `at`, waiting for the priority lead to verify it."""

    at: When


@dataclass(frozen=True)
class Open:
    """In progress at `progress`; the last update on `at` (default: a few days before the load date)."""

    progress: int
    at: When | None = None


@dataclass(frozen=True)
class NotStarted:
    at: When | None = None


@dataclass(frozen=True)
class Withdrawn:
    at: When
    progress: int = 0


@dataclass(frozen=True)
class Note:
    """A note with its own date, status or progress where the even spacing and ramp would not tell the story."""

    text: str
    at: When | None = None
    status: str | None = None
    progress: int | None = None
    evidence: str = ""


End = Done | Awaiting | Open | NotStarted | Withdrawn


@dataclass(frozen=True)
class Act:
    ref: str
    owner: str
    start: When
    due: When
    description: str
    notes: tuple[str | Note, ...]
    end: End
    recs: tuple[tuple[str, str, int], ...] = ()
    indicators: tuple[str, ...] = ()
    override: tuple[str, str] | None = None  # (colour, reason), set with the last update
    success_measure: str = ""


@dataclass(frozen=True)
class PriorityData:
    number: int
    title: str
    lead: str
    description: str
    actions: tuple[Act, ...]
    assessments: tuple[tuple[When, str, str], ...] = ()  # (date, RAG, commentary)


@dataclass(frozen=True)
class PlanData:
    name: str
    kind: str
    description: str
    owner: str
    board: str
    start: When
    end: When
    status: str
    inspections: tuple[str, ...]
    slug: str
    priorities: tuple[PriorityData, ...]
    sponsor: str = ""
    completion_criterion: str = ""


def sif(number: int) -> tuple[str, str, int]:
    return ("sif2015", LA, number)


def sif_lscb(number: int) -> tuple[str, str, int]:
    return ("sif2015", LSCB, number)


MANAGER = people.MANAGER.username
ADMIN = people.ADMIN.username

HUNDRED_DAY_PLAN = PlanData(
    name="100 Day Plan",
    kind="100_day",
    description=(
        "Developed during the Ofsted inspection of May and June 2015 in response to the immediate issues raised "
        "by inspectors. Progress was reported weekly to the Directorate Management Meeting and monthly to the "
        "Safeguarding Improvement Executive Group and Board until early August 2015."
    ),
    owner="s.bell",
    board="Improvement board",
    start=D(2015, 6, 1),
    end=D(2015, 9, 8),
    status="closed",
    inspections=("sif2015",),
    slug="100-day-plan",
    priorities=(
        PriorityData(
            1,
            "Recruitment, Retention & Workforce Development",
            "a.patel",
            "Enough permanent, experienced social workers and managers to allocate every child.",
            (
                Act("1.1", "a.patel", D(2015, 6, 1), D(2015, 7, 31),
                    "Launch a recruitment campaign for permanent social workers and team managers.",
                    ("Adverts placed nationally and with the regional social work partnership.",
                     "First recruitment day held; 14 applicants interviewed, 6 offers made.",
                     "Campaign extended to August; 9 offers accepted in total, 4 still in pre-employment checks.",
                     "Behind schedule: start dates for 5 of the new social workers fall in September and October.",
                     "All 9 social workers in post; campaign closed and rolled into the workforce strategy."),
                    Done(D(2015, 10, 15)), recs=(sif(10),), indicators=("sw_vacancy_pct",)),
                Act("1.2", "m.carr", D(2015, 6, 1), D(2015, 6, 30),
                    "Secure additional agency social workers so that every open case can be allocated while "
                    "permanent recruitment is under way.",
                    ("Framework agencies asked for 20 experienced social workers for the locality teams.",
                     "15 agency social workers started; allocated to the teams with the most unallocated cases.",
                     "All 20 agency workers in post and holding cases."),
                    Done(D(2015, 7, 3)), recs=(sif(1),), indicators=("unallocated_cases",)),
                Act("1.3", MANAGER, D(2015, 6, 15), D(2015, 8, 31),
                    "Introduce a workload management tool and a caseload cap for social workers.",
                    ("Caseload data extracted for every social worker; average caseload 26.",
                     "Weighting tool agreed with team managers; cap of 20 cases proposed.",
                     Note("Not complete by the end of August: the tool cannot be used until data cleansing ends.",
                          at=D(2015, 8, 28), progress=40),
                     "Tool in use in every locality team; caseloads reported monthly.",
                     "Caseload cap in force for all teams."),
                    Done(D(2015, 11, 20)), recs=(sif(11),), indicators=("caseload_avg",)),
            ),
        ),
        PriorityData(
            2,
            "Leadership & Decision Making",
            "s.bell",
            "Visible leadership, clear decisions recorded on every case, and a grip on the plan.",
            (
                Act("2.1", "s.bell", D(2015, 6, 1), D(2015, 8, 31),
                    "Appoint an interim Director of Children's Services and an experienced senior management team.",
                    ("Interim DCS appointed; recruitment of interim heads of service under way.",
                     "Interim Head of Safeguarding and Head of Looked After Children in post.",
                     "Senior management team complete."),
                    Done(D(2015, 8, 14)), recs=(sif(13),)),
                Act("2.2", "m.carr", D(2015, 6, 8), D(2015, 7, 17),
                    "Require team managers to record management decisions and their rationale on every case.",
                    (Note("Not started: the recording template is still being designed.", status="not_started",
                          progress=0),
                     "Template agreed and added to the case recording system.",
                     "Compliance dip-sampled: management decisions recorded on 55% of cases.",
                     "Behind schedule; reminders issued and compliance reported weekly by team.",
                     "Management decisions recorded on 92% of sampled cases."),
                    Done(D(2015, 10, 30)), recs=(sif(13),)),
                Act("2.3", "s.bell", D(2015, 6, 1), D(2015, 6, 19),
                    "Establish a weekly Directorate Management Meeting to track the 100 day plan, with monthly "
                    "reports to the Safeguarding Improvement Executive Group and Board.",
                    ("Terms of reference agreed; first weekly meeting held.",
                     "Weekly presentation of progress and the risk and assurance reports in place."),
                    Done(D(2015, 6, 15)), recs=(("lga2014", LA, 3),)),
            ),
        ),
        PriorityData(
            3,
            "Quality Assurance & Performance Management",
            "k.oconnor",
            "Reliable data and a view of practice quality, so managers know where children are at risk.",
            (
                Act("3.1", "k.oconnor", D(2015, 6, 1), D(2015, 7, 31),
                    "Cleanse data on open cases and close cases where no further action is required.",
                    ("Data cleansing team set up; 3,617 open cases on 19 May.",
                     "Case review closing cases with no further action recorded; open cases down to 3,100.",
                     "Open cases 2,565 on 1 September: a reduction of 1,052 (29%)."),
                    Done(D(2015, 8, 28)), recs=(sif(2),), indicators=("open_cases",)),
                Act("3.2", "k.oconnor", D(2015, 6, 1), D(2015, 6, 30),
                    "Produce a weekly performance report on unallocated cases, check status, assessments and "
                    "section 47 enquiries.",
                    ("Report specification agreed with the Directorate Management Meeting.",
                     "First weekly report issued; data quality issues in contact recording noted."),
                    Done(D(2015, 6, 26)), recs=(sif(14),), indicators=("unallocated_cases",)),
                Act("3.3", "k.oconnor", D(2015, 7, 1), D(2015, 8, 31),
                    "Carry out a dip-sample audit of 100 cases across the locality teams.",
                    ("Not started: the audit tool has not been agreed.",
                     "Still not started: auditors have not been identified.",
                     "Withdrawn: superseded by the routine case audit programme in the new improvement plan."),
                    Withdrawn(D(2015, 10, 9))),
            ),
        ),
        PriorityData(
            4,
            "Children in Need of Help and Protection",
            "m.carr",
            "Every child allocated, every risk assessed, every enquiry concluded in time.",
            (
                Act("4.1", "m.carr", D(2015, 6, 1), D(2015, 7, 31),
                    "Review every open case at check status and record the child's circumstances, risk and plan.",
                    ("988 cases at check status on 19 May; review teams set up in each locality.",
                     "Half the check status cases reviewed; 40 children stepped up to child protection.",
                     "Behind schedule: 260 cases still to review.",
                     "158 cases at check status on 1 September, a reduction of 830 (84%); remainder in review.",
                     "All check status cases reviewed and either planned or closed."),
                    Done(D(2015, 9, 25)), recs=(sif(2),)),
                Act("4.2", "m.carr", D(2015, 6, 1), D(2015, 7, 15),
                    "Review all section 47 enquiries open more than 28 days and conclude them.",
                    ("173 section 47 enquiries open more than 28 days on 19 May; weekly tracking started.",
                     "Enquiries concluded or escalated to conference; 57 still open over 28 days.",
                     "Behind schedule, but only 8 enquiries remain open over 28 days.",
                     "6 enquiries open over 28 days on 1 September, each with a recorded reason."),
                    Done(D(2015, 9, 4)), recs=(sif(3),), indicators=("s47_open_28d",)),
                Act("4.3", "m.carr", D(2015, 6, 1), D(2015, 8, 31),
                    "Allocate every unallocated case to a qualified social worker.",
                    ("1,003 unallocated cases on 19 May; cases prioritised by risk.",
                     "Agency workers allocated the highest-risk cases first; 640 still unallocated.",
                     "144 cases unallocated at the end of August.",
                     "129 unallocated on 1 September, a reduction of 874 (87%); remaining cases awaiting closure.",
                     "No case unallocated for more than 5 working days."),
                    Done(D(2015, 10, 2)), recs=(sif(1),), indicators=("unallocated_cases",)),
                Act("4.4", "l.turnbull", D(2015, 6, 1), D(2015, 7, 31),
                    "Ensure children on child protection plans are visited within 10 working days, with weekly "
                    "exception reports to team managers.",
                    ("Exception report built; 62% of children on plans seen within 10 working days.",
                     "Team managers chase every overdue visit weekly; 78% seen in time.",
                     "Visits within timescale above 85% for three weeks running."),
                    Done(D(2015, 7, 24)), recs=(sif(9),), indicators=("cp_visit_10wd_pct",)),
                Act("4.5", "r.hughes", D(2015, 6, 15), D(2015, 8, 31),
                    "Review all children accommodated under section 20.",
                    ("List of all children accommodated under section 20 agreed with legal services.",
                     "Reviews slower than planned: 35% complete.",
                     "Behind schedule; reviews continuing with additional legal capacity.",
                     "All reviews complete; children needing proceedings identified and escalated."),
                    Done(D(2015, 10, 16)), recs=(sif(19),)),
            ),
        ),
        PriorityData(
            5,
            "Education",
            "r.hughes",
            "Children in need of help and protection and children looked after attend and achieve at school.",
            (
                Act("5.1", "r.hughes", D(2015, 6, 15), D(2015, 9, 4),
                    "Ensure every child looked after has an up-to-date personal education plan.",
                    ("Virtual school asked for a list of personal education plans out of date.",
                     "30% of out-of-date plans updated.",
                     "Withdrawn: transferred to the virtual school's own improvement plan."),
                    Withdrawn(D(2015, 9, 18), progress=30), recs=(sif(26),)),
                Act("5.2", "g.fenwick", D(2015, 7, 1), D(2015, 8, 28),
                    "Track school attendance and exclusions of children in need and of children on child "
                    "protection plans.",
                    ("Not started: data sharing agreement with schools not yet signed.",
                     "Not started: data sharing agreement still with schools' legal advisers.",
                     Note("Agreement signed; first attendance extract received.", at=D(2015, 10, 23),
                          progress=25),
                     Note("Attendance tracked for children on plans; exclusions data still missing.",
                          at=D(2015, 12, 11), progress=40),
                     "Withdrawn here: moved into the Improvement Plan's education priority, where it is tracked."),
                    Withdrawn(D(2016, 1, 15), progress=40)),
                Act("5.3", "g.fenwick", D(2015, 6, 15), D(2015, 7, 24),
                    "Brief designated teachers on the inspection findings and the revised thresholds.",
                    ("Briefing pack drafted with the LSCB.",
                     "Four briefing sessions held; 78 designated teachers attended."),
                    Done(D(2015, 7, 17)), recs=(sif(5),)),
            ),
        ),
        PriorityData(
            6,
            "Inter-agency Communication & Co-ordination",
            "g.fenwick",
            "Partners understand and apply thresholds; the MASH works as one multi-agency team.",
            (
                Act("6.1", "g.fenwick", D(2015, 6, 15), D(2015, 8, 31),
                    "Agree a revised threshold document with partners through the LSCB.",
                    ("First draft shared with police, health and schools.",
                     "Comments received from partners; health asks for changes on neglect.",
                     "Behind schedule: LSCB sign-off moved to the October meeting.",
                     "Revised threshold document approved by the LSCB and published."),
                    Done(D(2015, 12, 11)), recs=(sif(5), sif_lscb(4))),
                Act("6.2", "g.fenwick", D(2015, 6, 8), D(2015, 7, 31),
                    "Hold multi-agency briefings on the inspection findings for police, health and schools.",
                    ("Briefing programme agreed with the LSCB business unit.",
                     "Six briefings held, 240 staff from partner agencies attended."),
                    Done(D(2015, 7, 31))),
                Act("6.3", "m.carr", D(2015, 6, 1), D(2015, 8, 14),
                    "Place a police officer and a health practitioner in the MASH full time.",
                    ("Police agree in principle to a full-time officer in the MASH.",
                     "Police officer in post three days a week; health post not yet funded.",
                     Note("Health funding still not agreed with the clinical commissioning group.",
                          at=D(2015, 11, 6), progress=50),
                     Note("Police full time; health practitioner two days a week only.", at=D(2016, 1, 15),
                          progress=60)),
                    Open(60, at=D(2016, 1, 15)), recs=(sif(4),)),
            ),
        ),
    ),
)  # fmt: skip


LEARNING_AND_IMPROVEMENT_PLAN = PlanData(
    name="Learning and Improvement Plan",
    kind="learning_and_improvement",
    description=(
        "The plan that answers the Ofsted inspection and the independent and peer reviews. Services need to move "
        "to a point where risk to children is recognised consistently, responded to in a proportionate and timely "
        "way, and reduced by the team around the child."
    ),
    owner="s.bell",
    board="Improvement board",
    start=-270,
    end=330,
    status="active",
    inspections=("sif2015", "independent2014", "lga2014"),
    slug="learning-and-improvement-plan",
    priorities=(
        PriorityData(
            1,
            "Recruitment and retention of social workers",
            "a.patel",
            "A stable, permanent workforce with manageable caseloads and good supervision.",
            (
                Act("1.1", "s.bell", -270, -150,
                    "Agree the social care staffing structure, with additional front-line managers and "
                    "practitioners, and cost the establishment.",
                    ("Draft structure prepared; it proposes additional front-line managers and practitioners.",
                     "Senior manager structure agreed; the four Associate Director posts advertised.",
                     "Front-line establishment costed with finance; recruitment to posts covered by agency staff "
                     "agreed to start now.",
                     "Structure approved by Cabinet; approved establishment attached."),
                    Done(-160), recs=(sif(10),)),
                Act("1.2", "a.patel", -240, -120,
                    "Agree a recruitment timetable and targets for social care practitioner recruitment.",
                    ("Meeting held to create the recruitment timetable; most effective between January and May.",
                     "Targets set: 30 permanent practitioners and 8 team managers.",
                     "Timetable and targets agreed by the Improvement Board."),
                    Done(-125), recs=(sif(10),)),
                Act("1.3", "a.patel", -200, 120,
                    "Run a rolling recruitment campaign for permanent social workers and team managers, including "
                    "converting agency workers to permanent posts.",
                    ("Campaign launched; 88% of established posts (115) filled by permanent staff, plus 79 agency "
                     "social workers.",
                     "First cohort: 11 offers, 4 of them agency workers converting to permanent contracts.",
                     "Second recruitment day held; 7 further offers.",
                     "Agency use falling; 52 agency social workers now in post.",
                     "On track: 24 of the 38 target appointments made."),
                    Open(55), recs=(sif(10),), indicators=("sw_agency_pct", "sw_vacancy_pct"),
                    success_measure="Agency social workers below 15% of the workforce; vacancies below 10%."),
                Act("1.4", MANAGER, -250, -90,
                    "Introduce a caseload management tool and a caseload cap for every social work team.",
                    ("Caseload weighting tool reviewed with team managers.",
                     "Cap of 18 cases agreed for experienced social workers, 12 for newly qualified.",
                     "Monthly caseload report by worker in place.",
                     "Average caseload at 17; the cap is monitored at each performance meeting."),
                    Done(-100), recs=(sif(11),), indicators=("caseload_avg",),
                    success_measure="Average caseload at or below 18."),
                Act("1.5", "a.patel", -180, 30,
                    "Launch the social work academy for newly qualified social workers, with protected caseloads "
                    "and mentoring.",
                    ("Academy model agreed; practice educator posts identified.",
                     "Delay: practice educators not released from case-holding teams.",
                     "First cohort of 6 newly qualified social workers recruited; mentoring not yet in place.",
                     "Behind plan: protected caseloads agreed but not yet in force in two teams."),
                    Open(40), recs=(sif(10),)),
                Act("1.6", "s.bell", -120, 60,
                    "Offer a retention package: progression to senior practitioner and a market supplement for "
                    "hard-to-fill teams.",
                    ("Options paper on progression and market supplements taken to the senior leadership team.",
                     "Senior practitioner progression scheme agreed.",
                     "Market supplement proposal submitted to the pay panel.",
                     "Pay panel has deferred the market supplement decision to its next meeting."),
                    Open(50),
                    override=("red", "The pay panel has deferred the market supplement; without it the retention "
                                     "package cannot be offered and agency conversions are at risk.")),
                Act("1.7", "m.carr", -210, -20,
                    "Reintroduce regular, reflective supervision to the local standard, with monthly compliance "
                    "reporting by team.",
                    ("Supervision policy relaunched with the practice standards.",
                     "Compliance report by team available monthly.",
                     "Compliance has dropped in two child protection teams because of manager absence.",
                     "Compliance in the MASH teams remains poor because of absence and turnover of managers.",
                     "Overdue: interim managers now covering both child protection teams; MASH still below "
                     "standard."),
                    Open(70), recs=(sif(12),), indicators=("supervision_timely_pct",),
                    success_measure="90% of social workers supervised to the local standard."),
            ),
            assessments=(
                (-240, "red", "The workforce is unstable: 79 agency social workers and the structure not agreed."),
                (-180, "amber", "Structure agreed and costed; recruitment timetable being set."),
                (-120, "amber", "Recruitment under way, but supervision compliance has dropped in two teams."),
                (-60, "amber", "Agency numbers falling; the academy is behind plan."),
                (-10, "amber", "Permanent recruitment on track; retention package at risk at the pay panel."),
            ),
        ),
        PriorityData(
            2,
            "Early help",
            "g.fenwick",
            "Children get the right help at the right time, below the threshold for social care where that is "
            "right for them.",
            (
                Act("2.1", "g.fenwick", -260, -200,
                    "Establish an early help strategy group to review current early help activity and the "
                    "families receiving assistance.",
                    ("Strategy group membership agreed with partners.",
                     "First meeting held; review of early help activity commissioned.",
                     "Review complete; findings reported to the Improvement Board."),
                    Done(-205), recs=(sif(16),)),
                Act("2.2", "g.fenwick", -200, 40,
                    "Agree the future early help structure and the processes for families to access help.",
                    ("Draft future structure prepared.",
                     "Access processes drafted to maximise impact and accessibility.",
                     "Consultation with staff and partners complete.",
                     "Structure going to the senior leadership team for decision next month."),
                    Open(65), recs=(sif(16),)),
                Act("2.3", "m.carr", -230, -130,
                    "Put in place a step up / step down process between early help and social care teams.",
                    ("Step up / step down protocol drafted with team managers.",
                     "Pilot in two localities.",
                     "Process in place in all localities; supports throughput of work for social care teams."),
                    Done(-140), recs=(sif(16),)),
                Act("2.4", "k.oconnor", -60, 10,
                    "Report step up / step down activity in the monthly performance report.",
                    ("Data items defined with the early help strategy group.",
                     "Report being built; recording of step down decisions inconsistent.",
                     "First draft of the report shared with the strategy group."),
                    Open(45)),
                Act("2.5", "g.fenwick", -150, 90,
                    "Deliver multi-agency training on the threshold document with partners.",
                    ("Training programme agreed with the safeguarding children board.",
                     "Sessions held for schools and health visitors.",
                     "Police and GP sessions scheduled."),
                    Open(45), recs=(sif(5), sif_lscb(4))),
                Act("2.6", "g.fenwick", 20, 200,
                    "Commission a family support service for children in need below the social care threshold.",
                    ("Scoping paper drafted ahead of the start date.",
                     "Budget for the service confirmed in the medium-term financial plan.",
                     "Procurement timetable agreed; work starts next month."),
                    NotStarted()),
            ),
            assessments=(
                (-230, "amber", "Strategy group established; early help activity being reviewed."),
                (-150, "green", "Step up / step down process in place in all localities."),
                (-70, "green", "Future structure drafted; threshold training under way."),
                (-5, "green", "On track; reporting on step up / step down due this month."),
            ),
        ),
        PriorityData(
            3,
            "Improving quality of assessment and care planning",
            MANAGER,
            "Timely, good quality assessments and purposeful plans; a MASH that applies thresholds consistently.",
            (
                Act("3.1", MANAGER, -240, -45,
                    "Review the business processes of the contact and triage service so that they consistently "
                    "reflect the practice standards.",
                    ("Process mapping of contact and triage under way.",
                     "Dedicated service manager recruited to implement the changes.",
                     "Proposals to go to the MASH reference group.",
                     "Decisions about referrals needing a social care response are timely at 99%.",
                     "Overdue: the reference group asked for changes; revised processes not yet agreed."),
                    Open(75), recs=(sif(4),)),
                Act("3.2", MANAGER, -200, 8,
                    "Bring partner agencies into early threshold decisions in the MASH, with proposals approved "
                    "by the MASH reference group.",
                    ("Partners' roles in early decision making drafted.",
                     "Police and health agree to join daily threshold meetings.",
                     "MASH reference group reviewed proposals.",
                     "Daily meetings running; education representative still to join."),
                    Open(80), recs=(sif(4), sif_lscb(1))),
                Act("3.3", "s.bell", -230, -170,
                    "Recruit a dedicated service manager and two interim managers for the assessment teams.",
                    ("Interim manager posts advertised.",
                     "Two interim managers appointed.",
                     "Service manager relieved of additional duties to concentrate on quality and timeliness."),
                    Done(-175), recs=(sif(13),)),
                Act("3.4", MANAGER, -150, 120,
                    "Launch the practice standards and assessment framework, with monthly practice sessions for "
                    "front-line managers and practitioners.",
                    ("Practice standards launched.",
                     "Monthly practice-focused sessions running with front-line managers.",
                     "Practitioners' forum established to promote good practice standards.",
                     "Audit shows the standards used in 6 of 10 sampled assessments."),
                    Open(55), recs=(sif(6), sif(24))),
                Act("3.5", MANAGER, -180, 60,
                    "Improve assessment timeliness: weekly tracking of every assessment approaching 45 working "
                    "days.",
                    ("Weekly tracker built.",
                     "Assessment timeliness remains poor and contributes to growing workloads.",
                     "Performance data provided but not yet well used by managers, particularly in the MASH.",
                     "Some improvement in two teams; the assessment teams are still behind."),
                    Open(35), recs=(sif(6),), indicators=("assess_45wd_pct",),
                    override=("red", "Timeliness is not improving fast enough and workloads are growing; escalated "
                                     "to the Improvement Board."),
                    success_measure="85% of assessments completed within 45 working days."),
                Act("3.6", "m.carr", -210, 30,
                    "Make every child protection plan specific and outcome-focused, with core groups meeting in "
                    "timescale and exception reports to team managers.",
                    ("Plan template revised with child protection chairs.",
                     "Core group timeliness reported monthly.",
                     "Improved performance on core group meetings continues.",
                     "Audit of 30 plans: 24 specific and outcome-focused."),
                    Open(75), recs=(sif(7),)),
                Act("3.7", "l.turnbull", -200, -60,
                    "Hold initial child protection conferences within 15 working days of the strategy discussion, "
                    "with a conference booking protocol.",
                    ("Booking protocol drafted with the conference service.",
                     "Performance fell in November; additional chair capacity agreed.",
                     "Performance has improved after the fall in November.",
                     "Protocol in place; timeliness above target for three months."),
                    Done(-70), recs=(sif(8),), indicators=("icpc_15wd_pct",),
                    success_measure="85% of initial conferences within 15 working days."),
                Act("3.8", "m.carr", -45, 100,
                    "Introduce a management decision record template on every case.",
                    ("Not started: waiting for changes to the case recording system.",
                     "Not started: system change request still with the supplier.",
                     "Not started: supplier has given a date next month."),
                    NotStarted(), recs=(sif(13),)),
            ),
            assessments=(
                (-220, "red", "Assessment timeliness is poor; MASH processes do not reflect the practice "
                              "standards."),
                (-160, "red", "Interim managers in post but work is not progressed in a timely way."),
                (-100, "amber", "Practice standards launched; conference timeliness improved."),
                (-40, "amber", "Partners joining threshold decisions; assessment timeliness still poor."),
                (-3, "red", "Assessment timeliness escalated to the Improvement Board; contact and triage review "
                            "overdue."),
            ),
        ),
        PriorityData(
            4,
            "Ensuring high quality of support for looked after children and effective permanence planning",
            "r.hughes",
            "Timely decisions about permanence, stable local placements and the right support for every child.",
            (
                Act("4.1", "l.turnbull", -250, 60,
                    "Establish a permanence plan for every child looked after by the second review.",
                    ("Independent reviewing officers briefed: a permanence plan by the second review.",
                     "Child protection chairs encouraged to identify drift.",
                     "70% of children's plans reviewed; the rest due this quarter.",
                     "Permanence plans in place for 85% of children at their second review."),
                    Open(85), recs=(sif(17),)),
                Act("4.2", "r.hughes", -240, -100,
                    "Put in place a Public Law Outline tracker for children where proceedings are considered, "
                    "reviewed six-weekly.",
                    ("Tracker designed with legal services.",
                     "Tracker in place and reviewed six-weekly.",
                     "A second tracker for children in proceedings managed by the legal team."),
                    Done(-110), recs=(sif(18),)),
                Act("4.3", "r.hughes", -260, -180,
                    "Review all children in voluntary care (section 20) and escalate where intervention is needed.",
                    ("Review of every section 20 placement started.",
                     "Review identified children needing proceedings; significant increase in care proceedings.",
                     "Review complete; children in voluntary care have fallen."),
                    Done(-185), recs=(sif(19),)),
                Act("4.4", "r.hughes", -210, 150,
                    "Recruit foster carers and adopters: a fostering recruitment strategy and foster to adopt "
                    "carers.",
                    ("Advertising for foster carers and adopters commenced.",
                     "Five foster carers recruited from local independent fostering agencies.",
                     "Foster to adopt strategy in place; two approved foster to adopt carers.",
                     "Fostering recruitment strategy underway to increase local placements."),
                    Open(45), recs=(sif(20),), indicators=("cla_out_of_area_pct",),
                    success_measure="No more than 20% of children looked after placed outside the area."),
                Act("4.5", "r.hughes", -150, 3,
                    "Agree improved access to mental health support for children looked after with health "
                    "colleagues.",
                    ("Meetings with health colleagues agreed.",
                     "Agreement reached to identify improved availability of mental health support.",
                     "Service specification drafted."),
                    Open(70)),
                Act("4.6", "r.hughes", -120, 100,
                    "Put a quality assurance process in place for reports to the fostering and adoption panels.",
                    ("Panels' terms of reference updated in line with national requirements.",
                     "Regular meetings in place between the Head of LAC services and the independent chairs.",
                     "Quality assurance checklist agreed with panel advisers; checklist and first audit attached."),
                    Awaiting(-3)),
                Act("4.7", "l.turnbull", -230, -15,
                    "Reduce independent reviewing officer and child protection chair caseloads and embed the "
                    "escalation process.",
                    ("Caseloads reviewed; two additional posts agreed.",
                     "Reduced workloads for the team maintained.",
                     "Better and more frequent use of escalation to address practice issues.",
                     "One of the two new posts still vacant."),
                    Open(60), recs=(sif(21),),
                    override=("amber", "The second post is filled from next month; the Improvement Board agreed a "
                                       "revised date.")),
            ),
            assessments=(
                (-230, "amber", "Section 20 review complete; proceedings increasing."),
                (-170, "amber", "PLO tracker in place; permanence processes improving."),
                (-90, "green", "Placement stability remains good; the number of children looked after continues "
                               "to reduce."),
                (-20, "amber", "Fostering recruitment needs to speed up to place more children locally."),
            ),
        ),
        PriorityData(
            5,
            "Putting the child's voice at the centre of practice",
            "l.turnbull",
            "A real understanding of each child's day to day experience, informing every assessment and plan.",
            (
                Act("5.1", "l.turnbull", -240, -150,
                    "Deliver training on engagement and direct work with children, supported by young people.",
                    ("Training designed with young people from the children in care council.",
                     "First sessions delivered.",
                     "All front-line teams trained; feedback report attached."),
                    Done(-160), recs=(sif(24),)),
                Act("5.2", "k.oconnor", -180, 45,
                    "Track visits to children in need, our largest group of children receiving services, in the "
                    "monthly performance report.",
                    ("Visits to children in need are not yet tracked.",
                     "Data definitions agreed; recording of visits inconsistent.",
                     "Management information team capacity limits progress."),
                    Open(30), recs=(sif(24),)),
                Act("5.3", "l.turnbull", -100, 180,
                    "Record children's wishes and feelings in every assessment and review, with quarterly audit.",
                    ("Audit questions added to the case audit tool.",
                     "First quarterly audit: wishes and feelings recorded in 60% of cases.",
                     "Improvement actions agreed with team managers."),
                    Open(35), recs=(sif(24),)),
                Act("5.4", "l.turnbull", -250, -120,
                    "Support the Corporate Parenting Forum's work plan with the children in care council.",
                    ("Work plan drafted with the forum.",
                     "Young people from the children in care council attend every meeting.",
                     "Work plan agreed and published."),
                    Done(-130), recs=(sif(25),)),
                Act("5.5", "s.bell", -200, -140,
                    "Establish the scrutiny panel and brief it to plan its work programme.",
                    ("Scrutiny panel established.",
                     "Briefing by the DCS and the Associate Director delivered.",
                     "Work programme agreed by the panel."),
                    Done(-150), recs=(sif(25),)),
                Act("5.6", "l.turnbull", -200, 30,
                    "Commission an independent advocacy service for children looked after.",
                    ("Options for advocacy reviewed.",
                     "Regional commissioning route identified.",
                     "Withdrawn: advocacy is now commissioned regionally for all councils in the North East."),
                    Withdrawn(-60, progress=20)),
            ),
            assessments=(
                (-230, "amber", "Training planned with young people; visits to children in need not tracked."),
                (-140, "green", "Training delivered; corporate parenting work plan agreed."),
                (-50, "amber", "Tracking of visits to children in need is behind plan."),
                (-8, "amber", "Wishes and feelings recorded in 60% of audited cases; visit tracking still behind."),
            ),
        ),
        PriorityData(
            6,
            "Supporting care leavers in the transition to adulthood",
            "j.robson",
            "Every care leaver in touch, in suitable accommodation, and in education, employment or training.",
            (
                Act("6.1", "j.robson", -250, -160,
                    "Train the leaving care team on practice standards and engagement with young people.",
                    ("Training programme agreed.",
                     "Training delivered to the whole team.",
                     "Practice standards in use; attendance records attached."),
                    Done(-170), recs=(sif(22),)),
                Act("6.2", "j.robson", -240, -90,
                    "Appoint a post-16 education, training and employment worker and secure five apprenticeships "
                    "for care leavers.",
                    ("Post advertised.",
                     "Worker appointed; engaging young people with help from Connexions.",
                     "Five apprenticeships identified for care leavers.",
                     "All five apprenticeships filled; appointment letters attached."),
                    Done(-100), recs=(sif(23),), indicators=("cl_neet_pct",),
                    success_measure="Care leavers not in education, employment or training below 40%."),
                Act("6.3", "j.robson", -230, -60,
                    "Open the additional property offering five self-contained flats for care leavers.",
                    ("Property identified with housing colleagues.",
                     "Refurbishment under way.",
                     "Flats ready; first young people moving in.",
                     "All five flats let; tenancy sign-off attached."),
                    Done(-75), recs=(sif(23),), indicators=("cl_suitable_acc_pct",),
                    success_measure="85% of care leavers in suitable accommodation."),
                Act("6.4", "j.robson", -220, -10,
                    "Re-establish contact with every care leaver and bring every pathway plan up to date.",
                    ("The number of young people in touch has not increased at the rate hoped.",
                     "Re-engaging care leavers is proving a challenge.",
                     "Action plan for the service reviewed to accelerate contact.",
                     "Overdue: 82% in touch; pathway plans up to date for 70%."),
                    Open(55), recs=(sif(22),)),
                Act("6.5", "j.robson", -150, 12,
                    "Move the care leavers' service to an accessible town centre base.",
                    ("Town centre base identified.",
                     "Lease agreed.",
                     "Fit-out nearly complete; move planned for next week."),
                    Open(85)),
                Act("6.6", "j.robson", -60, 120,
                    "Agree a multi-agency pathway with health for young people who self-harm or are at risk of "
                    "suicide.",
                    ("Not started: further meetings with health colleagues agreed.",
                     "Not started: health lead not yet identified.",
                     "Not started: urgent need confirmed; escalated to the Improvement Board."),
                    NotStarted()),
            ),
            assessments=(
                (-240, "red", "The care leavers' service started from a very low base."),
                (-160, "amber", "Training delivered; a post-16 worker appointed."),
                (-80, "amber", "More suitable accommodation available; apprenticeships filled."),
                (-15, "red", "The number of young people in touch is not increasing fast enough; NEET rate high."),
            ),
        ),
        PriorityData(
            7,
            "Embed performance management, quality assurance and governance to sustain improvement",
            "k.oconnor",
            "Managers at every level use data and audit to drive the quality of practice.",
            (
                Act("7.1", "k.oconnor", -260, -170,
                    "Make performance reports available to front-line and senior social care managers.",
                    ("Report suite specified with managers.",
                     "Reports available to senior managers.",
                     "Reports available to front-line managers; user guide attached."),
                    Done(-180), recs=(sif(14),)),
                Act("7.2", "k.oconnor", -200, -30,
                    "Deliver a fuller monthly performance report, with extra capacity in the management "
                    "information team.",
                    ("Fuller monthly report specified.",
                     "Not yet delivered because of the management information team's capacity.",
                     "Business case for additional resource submitted.",
                     "Overdue: additional resource still to be settled."),
                    Open(60), recs=(sif(14),)),
                Act("7.3", MANAGER, -120, 150,
                    "Coach front-line managers, particularly in the MASH, to use data in management meetings.",
                    ("Coaching sessions planned with the performance team.",
                     "MASH managers using the weekly dashboard in team meetings.",
                     "Sessions extended to the locality teams."),
                    Open(45), recs=(sif(14),)),
                Act("7.4", "k.oconnor", -210, -120,
                    "Launch a routine case audit programme, with each manager auditing cases every month.",
                    ("Audit tool reflects the new practice standards.",
                     "Routine audit programme launched alongside the dip sample audits.",
                     "Every manager completing audits monthly; first quarterly report attached."),
                    Done(-125), recs=(sif(15),), indicators=("audit_good_plus_pct",),
                    success_measure="65% of audited cases graded good or better."),
                Act("7.5", "l.turnbull", -150, 90,
                    "Establish quality audit of child protection chairing and independent reviewing officer "
                    "practice.",
                    ("Audit approach suggested to the IRO service.",
                     "Audit tool drafted.",
                     "Behind plan: first audits not yet started."),
                    Open(30), recs=(sif(15),)),
                Act("7.6", "k.oconnor", -270, 330,
                    "Report progress on the plan monthly to the Improvement Board, with RAG ratings and exceptions.",
                    ("Monthly reporting cycle agreed with the Improvement Board.",
                     "Exception reporting on reds and ambers introduced.",
                     "Key indicator dashboard added to the board pack.",
                     "Reports issued every month to date."),
                    Open(45), recs=(("lga2014", LA, 3),)),
                Act("7.7", "k.oconnor", -200, 60,
                    "Replace the case management system's reporting module.",
                    ("Options appraisal started.",
                     "Supplier demonstrations held.",
                     "Withdrawn: replaced by the council-wide data platform project."),
                    Withdrawn(-90, progress=15)),
            ),
            assessments=(
                (-250, "red", "The culture of performance management is new; information is only beginning to be "
                              "used."),
                (-170, "amber", "Reports available to managers; routine case audit launched."),
                (-100, "amber", "Audit embedded; the fuller monthly report is not yet delivered."),
                (-30, "amber", "Monthly report overdue pending management information resource."),
                (-2, "amber", "Audit findings improving; MASH managers using data; monthly report still overdue."),
            ),
        ),
    ),
)  # fmt: skip

PLANS = (HUNDRED_DAY_PLAN, LEARNING_AND_IMPROVEMENT_PLAN)
