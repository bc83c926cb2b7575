"""First contact: what a newcomer meets first (`show`, `actors`, ids typed as people type them)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from oas_program import default_program, load
from oas_program.cli import cli
from oas_program.files import canonical
from oas_program.model.actor import ActorKind

ROOT = Path(__file__).resolve().parents[1]
TRACKING = ROOT / "examples" / "tracking-illustrative.json"


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


# ---- show ---------------------------------------------------------------------------------------


def test_show_says_what_the_program_is_and_names_the_actors() -> None:
    program = default_program()
    result = run("show")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == program.title.en
    assert program.summary is not None and program.summary.en is not None
    assert lines[1] == program.summary.en.split(". ")[0] + "."  # one sentence on what it is
    assigned = {a.actor for activity in program.activities for a in activity.assignments}
    for actor_id in assigned:
        actor = program.actor(actor_id)
        assert actor.name.en is not None
        [line] = [line for line in lines if line.startswith(f"  {actor.name.en}")]
        assert f"  {actor_id}  " in line  # the id other commands take, beside the name


def test_show_counts_the_observations_of_its_input() -> None:
    program = load(TRACKING)
    assert program.observations
    data = json.loads(run("show", str(TRACKING), "--json").stdout)
    assert data["counts"]["observations"] == len(program.observations)
    seen = data["observations"]
    assert seen["total"] == len(program.observations)
    assert seen["by_status"] == dict(Counter(o.status.value for o in program.observations))
    assert seen["actors"] == sorted({o.actor for o in program.observations})
    text = run("show", str(TRACKING)).stdout
    assert f"{len(program.observations)} observations from {len(seen['actors'])} actors" in text
    bare = TRACKING.parent / "bare.json"
    bare.write_text(canonical.dumps(attrs.evolve(program, observations=())), encoding="utf-8")
    try:
        assert "Implementation reports: none recorded" in run("show", str(bare)).stdout
    finally:
        bare.unlink()
    embedded = json.loads(run("show", "--json").stdout)["observations"]
    assert embedded["total"] == len(default_program().observations)


def test_show_in_spanish_translates_more_than_the_title() -> None:
    text = run("show", "--lang", "es").stdout
    assert text.startswith("Programa Interamericano")
    for spanish in ("Aprobado por", "Actividades por grupo destinatario", "Estados Miembros"):
        assert spanish in text
    for english in ("Adopted by", "Activities by", "Member states", "Open questions"):
        assert english not in text


# ---- actors -------------------------------------------------------------------------------------


def test_actors_lists_every_actor_with_id_name_and_kind() -> None:
    program = default_program()
    result = run("actors")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "NAME", "KIND"]
    listed = [line.split()[0] for line in lines[1 : 1 + len(program.actors)]]
    assert listed == [actor.id for actor in program.actors]
    assert lines[-1] == f"{len(program.actors)} actors"
    data = json.loads(run("actors", "--json").stdout)
    assert [row["id"] for row in data] == [actor.id for actor in program.actors]
    assert {row["kind"] for row in data} == {actor.kind.value for actor in program.actors}


def test_actors_filter_by_kind_and_show_membership_for_states() -> None:
    program = default_program()
    states = [a for a in program.actors if a.kind is ActorKind.MEMBER_STATE]
    data = json.loads(run("actors", "--kind", "member-state", "--json").stdout)
    assert [row["id"] for row in data] == [a.id for a in states]
    for row, state in zip(data, states, strict=True):
        assert row["membership"]
        last = state.memberships[-1]
        assert row["member_now"] is (last.end is None and last.status.value == "member")
        if last.end is not None:
            assert last.end in row["membership"]
    others = json.loads(run("actors", "--kind", "gs-area", "--kind", "oas-organ", "--json").stdout)
    assert {row["kind"] for row in others} == {"gs-area", "oas-organ"}
    assert all(row["membership"] is None for row in others)
    bad = run("actors", "--kind", "state")
    assert bad.exit_code == 2


@pytest.mark.parametrize("kind", [k.value for k in ActorKind])
def test_actors_takes_every_kind_of_the_model(kind: str) -> None:
    from oas_program.cli.actors import KINDS

    assert list(KINDS) == [k.value for k in ActorKind]
    data = json.loads(run("actors", "--kind", kind, "--json").stdout)
    expected = [a.id for a in default_program().actors if a.kind.value == kind]
    assert [row["id"] for row in data] == expected


def test_actors_takes_its_language_from_the_environment() -> None:
    result = CliRunner(env={"LANG": "fr_HT.UTF-8"}).invoke(cli, ["actors"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split()[:3] == ["ID", "NOM", "TYPE"]


# ---- ids as people type them --------------------------------------------------------------------


def test_an_actor_id_matches_whatever_its_case_or_by_iso_code() -> None:
    lower = run("form", "--actor", "mex", "--period", "2026")
    assert lower.exit_code == 0
    for typed in ("MEX", "Mex"):
        result = run("form", "--actor", typed, "--period", "2026")
        assert result.exit_code == 0, result.output
        assert result.stdout == lower.stdout
    iachr = run("form", "--actor", "iachr", "--period", "2026").stdout
    assert run("form", "--actor", "CIDH", "--period", "2026").stdout == iachr  # acronym, es


def test_an_unknown_actor_gets_did_you_mean() -> None:
    result = run("form", "--actor", "mexx", "--period", "2026")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line == (
        "oas-program: --actor: 'mexx' is not an actor of the program (did you mean 'mex'?); "
        "`oas-program actors` lists every actor's id"
    )


@pytest.mark.parametrize("typed", ["nobody-at-all"])
def test_an_id_like_nothing_gets_no_suggestion(typed: str) -> None:
    result = run("form", "--actor", typed)
    assert result.exit_code == 2
    assert "did you mean" not in result.stderr
    assert "oas-program actors" in result.stderr


def test_a_misspelt_activity_in_a_filled_form_gets_did_you_mean(tmp_path: Path) -> None:
    filled = (ROOT / "examples" / "mex-2026-filled.csv").read_text(encoding="utf-8")
    assert "mex,2026,ms-training," in filled
    form = tmp_path / "typo.csv"
    form.write_text(filled.replace("mex,2026,ms-training,", "mex,2026,ms-trainin,"), "utf-8")
    result = run("merge", str(TRACKING), str(form), "--dry-run")
    assert result.exit_code == 1
    assert (
        "activity: 'ms-trainin' is not an activity of the program (did you mean 'ms-training'?)"
        " [unknown-reference]"
    ) in result.stderr
