"""The demo's people: three users who can sign in, and the officers who own actions and lead priorities.

The names are invented; the seed papers' real officers are not carried into the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.roles import Role

DEMO_PASSWORD = "demo-password"


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    role: str
    job_title: str
    can_sign_in: bool = False
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@sunderland.example"


# Only these three sign in, with DEMO_PASSWORD; they exist only through load_demo.
ADMIN = Person("admin", "Helen", "Ward", Role.ADMIN, "Performance and business support lead", True, True)
MANAGER = Person("manager", "David", "Armstrong", Role.MANAGER, "Service manager, assessment and MASH", True)
COMMITTEE = Person("committee", "Margaret", "Elliott", Role.COMMITTEE, "Councillor, scrutiny committee", True)

# Officers: action owners and priority leads, who cannot sign in to the demo.
OFFICERS = (
    Person("s.bell", "Susan", "Bell", Role.MANAGER, "Interim Director of Children's Services"),
    Person("m.carr", "Michael", "Carr", Role.MANAGER, "Head of Safeguarding"),
    Person("r.hughes", "Rachel", "Hughes", Role.MANAGER, "Head of Looked After Children Services"),
    Person("a.patel", "Anita", "Patel", Role.MANAGER, "Workforce Development Manager"),
    Person("g.fenwick", "Gary", "Fenwick", Role.MANAGER, "Early Help Strategic Lead"),
    Person("l.turnbull", "Lisa", "Turnbull", Role.MANAGER, "Independent Reviewing and Participation Manager"),
    Person("j.robson", "James", "Robson", Role.MANAGER, "Leaving Care Service Manager"),
    Person("k.oconnor", "Kate", "O'Connor", Role.MANAGER, "Performance and Quality Assurance Manager"),
)

PEOPLE = (ADMIN, MANAGER, COMMITTEE, *OFFICERS)
