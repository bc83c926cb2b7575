"""The JSON-LD export read by two independent processors, pyld (the JSON-LD algorithms) and
rdflib (the triples), offline: schema.org terms only where their domain fits, every node
typed and named, the tracking observations included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from oas_program.cli import cli

pyld = pytest.importorskip("pyld")
from pyld import jsonld  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
TRACKING = ROOT / "examples" / "tracking-illustrative.json"
SCHEMA = "https://schema.org/"
S = Namespace(SCHEMA)
OASP = Namespace("urn:oas-program:terms:")
ID = Namespace("urn:oas-program:id:inter-american-program-migrants:")
CREATIVE_WORKS = {f"{SCHEMA}CreativeWork", f"{SCHEMA}Legislation"}
# schema.org properties whose domain (https://schema.org/<term>, "Used on these types")
# includes only creative works or events: used elsewhere, they say nothing a reader can use.
CREATIVE_WORK_ONLY = {"citation", "hasPart", "text", "dateCreated", "author"}
EVENT_ONLY = {"startDate", "endDate", "organizer", "attendee", "location"}


def export(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["export", *args, "-f", "jsonld"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module", params=["embedded", "tracking"])
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    return export() if request.param == "embedded" else export(str(TRACKING))


def nodes(expanded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every node object of an expanded document, nested ones included."""
    found: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict) and "@value" not in value:
            if set(value) != {"@id"}:  # a bare reference is not a node of its own
                found.append(value)
            for key, item in value.items():
                if not key.startswith("@"):
                    walk(item)

    walk(expanded)
    return found


def test_pyld_expands_every_node_typed_and_named(document: dict[str, Any]) -> None:
    every = nodes(jsonld.expand(document))
    assert len(every) > 150
    untyped = [n.get("@id") for n in every if not n.get("@type")]
    unnamed = [(n.get("@id"), n.get("@type")) for n in every if f"{SCHEMA}name" not in n]
    assert untyped == [] and unnamed == []


def test_pyld_schema_terms_only_where_their_domain_fits(document: dict[str, Any]) -> None:
    for node in nodes(jsonld.expand(document)):
        types = set(node["@type"])
        used = {k.removeprefix(SCHEMA) for k in node if k.startswith(SCHEMA)}
        if not types & CREATIVE_WORKS:
            assert not used & CREATIVE_WORK_ONLY, (node.get("@id"), types, used)
        if f"{SCHEMA}Event" not in types:
            assert not used & EVENT_ONLY, (node.get("@id"), types, used)


def test_pyld_and_rdflib_read_the_same_triples(document: dict[str, Any]) -> None:
    quads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    from_pyld = Graph().parse(data=quads, format="nt")  # no named graphs: N-Triples
    from_rdflib = Graph().parse(data=json.dumps(document), format="json-ld")
    assert len(from_pyld) == len(from_rdflib) > 1500
    # Blank nodes differ in name; compare the triples between named nodes and literals.
    named = {t for t in from_pyld if not any(type(x).__name__ == "BNode" for x in t)}
    named_rdflib = {t for t in from_rdflib if not any(type(x).__name__ == "BNode" for x in t)}
    assert named == named_rdflib


def test_every_referenced_entity_is_a_typed_node_in_the_graph(document: dict[str, Any]) -> None:
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    ours = str(ID)
    referenced = {
        o
        for _, p, o in graph
        if isinstance(o, URIRef) and str(o).startswith(ours) and p != RDF.type
    }
    assert referenced
    assert [o for o in referenced if (o, RDF.type, None) not in graph] == []


def test_observations_are_included() -> None:
    data = json.loads(TRACKING.read_text(encoding="utf-8"))
    graph = Graph().parse(data=json.dumps(export(str(TRACKING))), format="json-ld")
    observations = set(graph.subjects(RDF.type, OASP.Observation))
    assert len(observations) == len(data["observations"]) == 13
    first = data["observations"][0]
    node = ID[first["id"]]
    assert (node, OASP.actor, ID[first["actor"]]) in graph
    assert (node, OASP.activity, ID[first["activity"]]) in graph
    assert (node, OASP.period, Literal(first["period"])) in graph
    assert (node, OASP.status, Literal(first["status"])) in graph
    program = URIRef("urn:oas-program:id:inter-american-program-migrants")
    assert set(graph.objects(program, OASP.observation)) == observations
    assessed = [o for o in data["observations"] if o.get("assessments")]
    if assessed:
        node = ID[assessed[0]["id"]]
        assessment = graph.value(node, OASP.assessment)
        assert (assessment, RDF.type, OASP.Assessment) in graph
