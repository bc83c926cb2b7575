"""Deterministic synthetic programs for the benchmarks.

A synthetic program is the embedded program grown to a number of *records*, where records
are activities plus observations (the two collections that grow with a mandate's size and
age). One record in eleven is an activity and the rest are observations (about ten per
activity: 35 member states reporting yearly over twenty years on a hundred-odd activities
give the same mix). The embedded program's 25 activities count among the activities.

Everything comes from one seeded `random.Random`, so a size always gives byte-identical
output. Texts are drawn from fixed English and Spanish word lists (the Spanish ones with
accents, so the loader's Unicode normalisation is exercised as on real data). The program
is valid: every reference resolves and the domain rules hold, so the benchmarks measure the
fast path that real, valid data takes.

Run: `python benchmarks/generate.py 100000 -o /tmp/program-100k.json`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

SEED = 2005
ACTIVITY_SHARE = 11  # one record in ACTIVITY_SHARE is an activity
YEARS = range(2006, 2026)  # twenty reporting years

_EN_TEXT = (
    "promote protect human rights migrants workers families border consular access "
    "training officials legal framework detention alternatives children unaccompanied "
    "regional cooperation information campaigns labour recruitment fair wages health "
    "services education identity documents registration statistics data collection "
    "reintegration return dignity asylum refugees protection trafficking smuggling victims "
    "support shelters legal aid interpretation courts access justice gender women "
    "indigenous communities remittances financial inclusion national plan coordination "
    "civil society organizations reports annual meeting committee secretariat program"
)
_ES_TEXT = (
    "promover proteger derechos humanos migrantes trabajadores familias frontera acceso "
    "consular capacitación funcionarios marco jurídico detención alternativas niñas niños "
    "no acompañados cooperación regional campañas información contratación laboral "
    "salarios justos salud servicios educación documentos identidad registro estadísticas "
    "recopilación datos reintegración retorno dignidad asilo refugiados protección trata "
    "tráfico víctimas apoyo albergues asistencia jurídica interpretación tribunales acceso "
    "justicia género mujeres pueblos indígenas comunidades remesas inclusión financiera "
    "plan nacional coordinación sociedad civil organizaciones informes reunión anual "
    "comisión secretaría programa migración políticas públicas garantías"
)
EN_WORDS = tuple(_EN_TEXT.split())
ES_WORDS = tuple(_ES_TEXT.split())
STATUSES = ("not-started", "planned", "in-progress", "completed", "discontinued", "no-information")
RATINGS = ("satisfactory", "partial", "unsatisfactory", "not-assessable")


def _sentence(rng: random.Random, words: tuple[str, ...] | list[str], low: int, high: int) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(low, high))]
    return " ".join(chosen).capitalize() + "."


def _text(rng: random.Random, low: int = 10, high: int = 24) -> dict[str, str]:
    return {
        "status": "summary",
        "en": _sentence(rng, EN_WORDS, low, high),
        "es": _sentence(rng, ES_WORDS, low, high),
    }


def _embedded() -> dict[str, Any]:
    from importlib import resources

    raw = resources.files("oas_program.data").joinpath("program.json").read_bytes()
    data: dict[str, Any] = json.loads(raw)
    return data


def split(records: int) -> tuple[int, int]:
    """(activities, observations) for a number of records."""
    activities = max(25, round(records / ACTIVITY_SHARE))
    return activities, max(0, records - activities)


def generate(records: int, seed: int = SEED) -> dict[str, Any]:
    """The canonical data of a synthetic program with *records* activities + observations."""
    rng = random.Random(seed)
    data = _embedded()
    actors = data["actors"]
    member_states = [a["id"] for a in actors if a["kind"] == "member-state"]
    gs_areas = [a["id"] for a in actors if a["kind"] == "gs-area"]
    objectives = [o["id"] for o in data["objectives"] if o["id"].startswith("specific")]
    sources = [s["id"] for s in data["sources"]]
    resolutions = [r["id"] for r in data["resolutions"]]

    n_activities, n_observations = split(records)
    activities: list[dict[str, Any]] = list(data["activities"])
    for number in range(len(activities), n_activities):
        activity: dict[str, Any] = {
            "id": f"act-{number:07d}",
            "label": {"status": "summary", "en": f"Activity {number}", "es": f"Actividad {number}"},
        }
        if rng.random() < 0.5:
            activity["addressee"] = "oas"
            areas = rng.sample(gs_areas, rng.randint(1, 2))
            activity["summary"] = _text(rng)
            activity["assignments"] = [{"actor": areas[0]}] + [
                {"actor": area, "role": "co-responsible"} for area in areas[1:]
            ]
        else:
            activity["addressee"] = "member-states"
            activity["summary"] = _text(rng)
        if rng.random() < 0.3:
            activity["objectives"] = sorted(rng.sample(objectives, rng.randint(1, 2)))
        if rng.random() < 0.2:
            activity["mandate"] = {
                "resolution": rng.choice(resolutions),
                "paragraph": f"{rng.randint(1, 12)}.{rng.choice('abcde')}",
            }
        if rng.random() < 0.1:
            activity["notes"] = [{"certainty": "uncertain", "text": _text(rng, 8, 16)}]
        activity["sources"] = [rng.choice(sources)]
        activities.append(activity)

    observations: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    while len(observations) < n_observations:
        activity = rng.choice(activities)
        if activity["addressee"] == "member-states":
            actor = rng.choice(member_states)
        elif activity.get("assignments"):
            actor = rng.choice(activity["assignments"])["actor"]
        else:
            continue
        year = rng.choice(YEARS)
        period = str(year) if rng.random() < 0.8 else f"{year}-H{rng.randint(1, 2)}"
        key = (actor, activity["id"], period)
        if key in seen:
            continue
        seen.add(key)
        observations.append(_observation(rng, actor, activity["id"], period, year))
    # The order a merge would leave: by activity, actor and period.
    observations.sort(key=lambda o: (o["activity"], o["actor"], o["period"]))

    data["activities"] = activities
    data["observations"] = observations
    return _in_model_order(data)


def _in_model_order(data: dict[str, Any]) -> dict[str, Any]:
    # Keys in the order the canonical writer uses (the model's), so the file round-trips.
    import attrs

    from oas_program.model.program import Program

    order = [field.name for field in attrs.fields(Program)]
    return {key: data[key] for key in sorted(data, key=order.index)}


def _observation(
    rng: random.Random, actor: str, activity: str, period: str, year: int
) -> dict[str, Any]:
    from oas_program.services.tracking.merge import observation_id

    observation: dict[str, Any] = {
        "id": observation_id(actor, activity, period),
        "activity": activity,
        "actor": actor,
        "period": period,
        "date": f"{year + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "status": rng.choice(STATUSES),
    }
    if rng.random() < 0.05:
        observation["applicability"] = "not-applicable"
    if rng.random() < 0.3:
        assessment: dict[str, Any] = {
            "assessor_kind": rng.choice(("self-report", "secretariat")),
            "assessor": actor,
            "rating": rng.choice(RATINGS),
        }
        if rng.random() < 0.5:
            assessment["comment"] = _sentence(rng, ES_WORDS, 6, 14)
        observation["assessments"] = [assessment]
    if rng.random() < 0.5:
        evidence: dict[str, Any] = {
            "text": _sentence(rng, rng.choice((EN_WORDS, ES_WORDS)), 6, 18),
        }
        if rng.random() < 0.4:
            evidence["url"] = f"https://www.example.org/{actor}/{year}/{activity}"
        observation["evidence"] = [evidence]
    observation["reported_by"] = actor
    return observation


def dumps(records: int, seed: int = SEED) -> bytes:
    """The synthetic program as canonical JSON bytes (the library's own writer)."""
    from oas_program.files.json_text import dumps_json

    return dumps_json(generate(records, seed)).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=int, help="activities + observations")
    parser.add_argument("-o", "--output", default="-", help="output file (- for stdout)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    data = dumps(args.records, args.seed)
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)


if __name__ == "__main__":
    main()
