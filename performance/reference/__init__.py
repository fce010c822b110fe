"""National reference data shipped with the app: every English council, the nine regions and England, with DfE LA
numbers, ONS codes (old and new), region, type, DfE's ten statistical neighbours and the child population per year.

`la_lookup.csv` is the lookup analysts share (one row per council, as published; `load_reference --lookup FILE`
reads a newer one). `child_population.csv` holds the population (0-17) behind DfE's published rates for each year
ending 31 March: DfE's own `population_estimate` where the looked-after publication gives it (2019 on), otherwise
the population implied by the children in need publication's counts and rates. Importing DfE's looked-after file
updates it (see `performance.dfe`).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from performance import services
from performance.models import Authority, ChildPopulation, StatisticalNeighbour

HERE = Path(__file__).resolve().parent
LOOKUP = HERE / "la_lookup.csv"
POPULATIONS = HERE / "child_population.csv"
ENGLAND_CODE = "E92000001"
LOOKUP_COLUMNS = ("la_code", "la_code_new", "stat_neighbours", "local_authority_ons_name", "rgn22cd", "rgn22nm")
# Columns of the lookup that may hold a council's earlier ONS codes (before a reorganisation).
FORMER_CODE_COLUMNS = ("lad23cd", "ltla23cd", "ltla23_ons")


class ReferenceError(Exception):
    """The lookup file cannot be used; nothing was changed."""


@dataclass(frozen=True)
class LoadResult:
    councils: int
    regions: int
    neighbour_links: int
    populations: int
    warnings: list[str]


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    missing = [c for c in LOOKUP_COLUMNS if rows and c not in rows[0]]
    if not rows or missing:
        raise ReferenceError(f"{path.name} is not an LA lookup: it needs the columns {', '.join(LOOKUP_COLUMNS)}.")
    return rows


def _numbers(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _upsert(existing: list[Authority], match, fields: dict, *, kind: str) -> Authority:
    """Update the authority a row describes (found by ONS code, DfE number or name's slug) or create it. An
    authority already marked as this council or a named comparator keeps its kind and code."""
    found = next((a for a in existing if match(a)), None)
    kind_before = found.kind if found else None
    if found is None:
        found = Authority(kind=kind, code=fields["code"])
        existing.append(found)
    elif found.kind in (Authority.Kind.LOCAL_AUTHORITY, Authority.Kind.REGION, Authority.Kind.ENGLAND):
        found.kind = kind
    changed = found.pk is None or found.kind != kind_before
    for name, value in fields.items():
        # The code and display order of an existing authority are the admin's (or the demo's) to keep.
        if name in ("code", "order") and found.pk is not None:
            continue
        if name != "code" and getattr(found, name) != value:
            setattr(found, name, value)
            changed = True
    if changed:
        found.full_clean(exclude=["region"], validate_unique=False, validate_constraints=False)
        found.save()
    return found


@transaction.atomic
def load_reference(lookup: Path = LOOKUP, populations: Path | None = POPULATIONS) -> LoadResult:
    """Create or update every council, region and England from the lookup, replace each council's statistical
    neighbours, and load the populations file. Safe to run again: a second run changes nothing."""
    rows = _rows(lookup)
    existing = list(Authority.objects.all())
    _upsert(
        existing,
        lambda a: a.ons_code == ENGLAND_CODE or a.kind == Authority.Kind.ENGLAND,
        {"code": "england", "name": "England", "ons_code": ENGLAND_CODE, "order": 1},
        kind=Authority.Kind.ENGLAND,
    )
    regions, warnings = _regions(rows, existing)
    by_number: dict[str, Authority] = {}
    for row in rows:
        number, ons, name = row["la_code"].strip(), row["la_code_new"].strip(), row["local_authority_ons_name"].strip()
        if not number or not name:
            continue
        former = sorted({row.get(c, "").strip() for c in FORMER_CODE_COLUMNS} - {"", ons})
        slug = slugify(name)
        by_number[number] = _upsert(
            existing,
            lambda a, number=number, ons=ons, slug=slug: (
                a.la_number == number or (ons and a.ons_code == ons) or (not a.la_number and a.code == slug)
            ),
            {
                "code": slug,
                "name": name,
                "la_number": number,
                "ons_code": ons,
                "former_codes": ",".join(former),
                "la_type": row.get("ons_la_type", "").strip(),
                "region": regions.get(_region_key(row)),
                "order": 3,
            },
            kind=Authority.Kind.LOCAL_AUTHORITY,
        )
    links = _replace_neighbours(rows, by_number)
    count = load_populations(populations) if populations else 0
    return LoadResult(
        councils=len(by_number), regions=len(regions), neighbour_links=links, populations=count, warnings=warnings
    )


def _region_key(row: dict[str, str]) -> str:
    return (row.get("region_name") or row["rgn22nm"]).strip().lower()


def _regions(rows: list[dict[str, str]], existing: list[Authority]) -> tuple[dict[str, Authority], list[str]]:
    """The nine regions, keyed by lower-case name. A region's ONS code is the one most of its councils' rows give;
    a row giving another code is named in the warnings (the lookup has carried such slips: Gloucestershire with
    Yorkshire's code), and the council is placed by its region's name."""
    codes: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if key := _region_key(row):
            codes[key][row["rgn22cd"].strip()] += 1
            names[key][row["rgn22nm"].strip() or row.get("region_name", "").strip()] += 1
    regions, warnings = {}, []
    for key, counted in codes.items():
        code = counted.most_common(1)[0][0]
        name = names[key].most_common(1)[0][0]
        slug = slugify(name)
        regions[key] = _upsert(
            existing,
            lambda a, slug=slug, code=code: a.kind == Authority.Kind.REGION and (a.code == slug or a.ons_code == code),
            {"code": slug, "name": name, "ons_code": code, "order": 2},
            kind=Authority.Kind.REGION,
        )
    for row in rows:
        key = _region_key(row)
        if key and row["rgn22cd"].strip() != regions[key].ons_code:
            warnings.append(
                f"{row['local_authority_ons_name']}: region code {row['rgn22cd']} is not {regions[key].name}'s "
                f"({regions[key].ons_code}); placed in {regions[key].name} by name."
            )
    return regions, warnings


def _replace_neighbours(rows: list[dict[str, str]], by_number: dict[str, Authority]) -> int:
    wanted = []
    for row in rows:
        council = by_number.get(row["la_code"].strip())
        if council is None:
            continue
        for rank, number in enumerate(_numbers(row["stat_neighbours"]), start=1):
            neighbour = by_number.get(number)
            if neighbour is None:
                raise ReferenceError(
                    f"{council.name}'s statistical neighbour {number} is not a council in the lookup; "
                    "nothing was changed."
                )
            wanted.append((council.pk, neighbour.pk, rank))
    stored = set(
        StatisticalNeighbour.objects.filter(authority__in=by_number.values()).values_list(
            "authority_id", "neighbour_id", "rank"
        )
    )
    if stored != set(wanted):
        StatisticalNeighbour.objects.filter(authority__in=by_number.values()).delete()
        StatisticalNeighbour.objects.bulk_create(
            StatisticalNeighbour(authority_id=a, neighbour_id=n, rank=r) for a, n, r in wanted
        )
    return len(wanted)


def authorities_by_code() -> dict[str, list[Authority]]:
    """Each DfE LA number and ONS code (current and former) -> the authorities using it (one, unless a code was
    shared by councils a reorganisation split: such a code resolves to nobody)."""
    found: dict[str, list[Authority]] = defaultdict(list)
    for authority in Authority.objects.all():
        for code in authority.codes:
            found[code.upper()].append(authority)
    return found


def save_populations(values: dict[tuple[int, datetime.date], tuple[int, str]], *, user=None) -> int:
    """Insert or update populations keyed by (authority id, year end), then recompute the rates per 10,000 that
    used them; returns how many populations changed."""
    if not values:
        return 0
    stored = {
        (p.authority_id, p.year_end): p for p in ChildPopulation.objects.filter(authority_id__in={a for a, _ in values})
    }
    fresh, changed = [], []
    for (authority_id, year_end), (population, source) in values.items():
        row = stored.get((authority_id, year_end))
        if row is None:
            fresh.append(
                ChildPopulation(authority_id=authority_id, year_end=year_end, population=population, source=source)
            )
        elif row.population != population or row.source != source:
            row.population, row.source = population, source
            changed.append(row)
    ChildPopulation.objects.bulk_create(fresh)
    ChildPopulation.objects.bulk_update(changed, ["population", "source"])
    services.recompute_population_rates(changed={(p.authority_id, p.year_end) for p in [*fresh, *changed]}, user=user)
    return len(fresh) + len(changed)


def load_populations(path: Path) -> int:
    codes = authorities_by_code()
    values = {}
    for row in csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")):
        matches = codes.get(row["code"].strip().upper(), [])
        if len(matches) == 1:
            year_end = datetime.date.fromisoformat(row["year_end"])
            values[(matches[0].pk, year_end)] = (int(row["population"]), row["source"])
    return save_populations(values)


@transaction.atomic
def choose_home(authority: Authority) -> Authority:
    """Make `authority` "this council": the default of every entry and import, with its statistical neighbours,
    region and England as comparators. The council that was home before becomes an ordinary council."""
    Authority.objects.filter(kind=Authority.Kind.COUNCIL).exclude(pk=authority.pk).update(
        kind=Authority.Kind.LOCAL_AUTHORITY
    )
    if authority.kind != Authority.Kind.COUNCIL:
        authority.kind = Authority.Kind.COUNCIL
        authority.save(update_fields=["kind"])
    return authority
