"""The JSON-LD export, read back with an independent JSON-LD/RDF library (rdflib, offline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from oas_program import default_program
from oas_program.builtin.jsonld_format import CONTEXT, dumps_context, render
from oas_program.cli import cli
from oas_program.files import fast_json
from tests.hostile import ARABIC, JS_URL, QUOTE_URL, RLO, SCRIPT, hostile_program

# rdflib 7's JSON-LD parser builds a ConjunctiveGraph internally, which rdflib itself now
# deprecates; the warning is about rdflib's own code, not about ours.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schemas" / "program.context.jsonld"

SCHEMA = Namespace("https://schema.org/")
OASP = Namespace("urn:oas-program:terms:")
ID = Namespace("urn:oas-program:id:inter-american-program-migrants:")
PROGRAM = URIRef("urn:oas-program:id:inter-american-program-migrants")


@pytest.fixture(scope="module")
def text() -> str:
    return render(default_program())


@pytest.fixture(scope="module")
def graph(text: str) -> Graph:
    return Graph().parse(data=text, format="json-ld")


def test_committed_context_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == dumps_context(), (
        "schemas/program.context.jsonld is stale; regenerate it with "
        "`python -m oas_program.builtin.jsonld_format > schemas/program.context.jsonld`"
    )


def test_embedded_context_is_the_published_one(text: str) -> None:
    published = json.loads(COMMITTED.read_text(encoding="utf-8"))["@context"]
    assert json.loads(text)["@context"] == published == CONTEXT


def test_adopting_resolution_is_legislation(graph: Graph) -> None:
    resolution = ID["ag-res-2141"]
    assert (resolution, RDF.type, SCHEMA.Legislation) in graph
    assert (
        resolution,
        SCHEMA.legislationIdentifier,
        Literal("AG/RES. 2141 (XXXV-O/05)"),
    ) in graph
    assert (resolution, SCHEMA.legislationDate, Literal("2005-06-07", datatype=XSD.date)) in graph
    assert (resolution, OASP.resolutionRole, Literal("adoption")) in graph
    assert (PROGRAM, OASP.adoptedBy, resolution) in graph
    # A partial date keeps its precision as its datatype.
    assert (ID["ag-res-1775"], SCHEMA.legislationDate, Literal("2001", datatype=XSD.gYear)) in graph


def test_actor_types(graph: Graph) -> None:
    (mexico,) = graph.subjects(SCHEMA.value, Literal("MEX"), unique=True)
    (country,) = graph.subjects(SCHEMA.identifier, mexico)
    assert country == ID["mex"]
    assert (country, RDF.type, SCHEMA.Country) in graph
    assert (mexico, SCHEMA.propertyID, Literal("ISO 3166-1 alpha-3")) in graph
    assert (ID["iachr"], RDF.type, SCHEMA.GovernmentOrganization) in graph
    assert (ID["iom"], RDF.type, SCHEMA.Organization) in graph
    assert (ID["civil-society"], RDF.type, SCHEMA.Organization) in graph
    assert (
        ID["iachr"],
        SCHEMA.name,
        Literal("Inter-American Commission on Human Rights", lang="en"),
    ) in graph
    assert (ID["iachr"], SCHEMA.alternateName, Literal("CIDH", lang="es")) in graph
    assert (ID["cajp"], SCHEMA.parentOrganization, ID["pc"]) in graph
    countries = set(graph.subjects(RDF.type, SCHEMA.Country))
    assert len(countries) == 35


def test_summaries_are_descriptions_with_languages(graph: Graph) -> None:
    program = default_program()
    assert program.summary is not None
    descriptions = set(graph.objects(PROGRAM, SCHEMA.description))
    assert descriptions == {
        Literal(program.summary.en, lang="en"),
        Literal(program.summary.es, lang="es"),
        Literal(program.summary.fr, lang="fr"),
        Literal(program.summary.pt, lang="pt"),
    }
    # The official title is a name, never a description.
    assert (PROGRAM, SCHEMA.name, Literal(program.title.es, lang="es")) in graph
    assert not any(str(d) == program.title.en for d in descriptions)
    notices = {lit.language for lit in graph.objects(PROGRAM, OASP.summaryNotice)}
    assert notices == {"en", "es"}


def test_activities_objectives_and_sources(graph: Graph) -> None:
    activity = ID["iachr-1"]
    assert (activity, RDF.type, OASP.Activity) in graph
    assert (activity, OASP.responsible, ID["iachr"]) in graph
    assert (activity, OASP.coResponsible, ID["iachr-rapporteur"]) in graph
    assert (activity, OASP.addressee, Literal("oas")) in graph
    assert (activity, OASP.source, ID["src-dil-work-plan-iachr"]) in graph
    assert (PROGRAM, OASP.activity, activity) in graph
    assert (ID["general-1"], RDF.type, OASP.Objective) in graph
    assert len(set(graph.subjects(RDF.type, OASP.Activity))) == 29
    # The second edition's fields: an official number, participation, a copy's location.
    assert (ID["dil-1"], OASP.officialNumber, Literal("29")) in graph
    cuba = list(graph.objects(ID["cub"], OASP.participation))
    assert sorted(str(graph.value(p, OASP.participationStatus)) for p in cuba) == [
        "excluded",
        "not-participating",
    ]
    assert (ID["cim"], OASP.actorKind, Literal("specialized-organization")) in graph
    assert (
        ID["src-cajp-gt-tm-9-04"],
        OASP.copyUrl,
        URIRef(
            "https://docslib.org/doc/13746056/"
            "informe-del-grupo-de-trabajo-sobre-derechos-humanos-de-los-migrantes"
        ),
    ) in graph
    assert (ID["src-cajp-gt-tm-9-04"], SCHEMA.url, None) not in graph
    source = ID["src-dil-program"]
    assert (
        source,
        SCHEMA.url,
        URIRef("http://www.oas.org/dil/migrant_workers_inter_american_program.htm"),
    ) in graph


def test_declarations_and_notes(graph: Graph) -> None:
    declaration = ID["gs-activities-33"]
    assert (PROGRAM, OASP.declaration, declaration) in graph
    assert (declaration, OASP["count"], Literal(33)) in graph
    assert (declaration, OASP.quantifier, Literal("exactly")) in graph
    certainties = [
        str(graph.value(note, OASP.certainty)) for note in graph.objects(PROGRAM, OASP.note)
    ]
    assert sorted(certainties) == sorted(n.certainty.value for n in default_program().notes)
    assert "unknown" in certainties


def test_deterministic(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.jsonld", "b.jsonld"):
        target = tmp_path / name
        result = CliRunner().invoke(cli, ["export", "--format", "jsonld", "-o", str(target)])
        assert result.exit_code == 0, result.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == render(default_program()).encode("utf-8")


def test_cli_picks_the_format_from_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "program.jsonld"
    result = CliRunner().invoke(cli, ["export", "-f", "jsonld", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["@graph"][0]["@id"] == str(PROGRAM)


def test_hostile_strings_survive_exactly() -> None:
    text = render(hostile_program())
    # Safe to inline in an HTML <script>: no raw angle bracket or ampersand anywhere.
    assert "<" not in text and ">" not in text and "&" not in text
    graph = Graph().parse(data=text, format="json-ld")
    names = {str(o) for o in graph.objects(PROGRAM, SCHEMA.name)}
    assert SCRIPT + '" onmouseover=alert(1) x="' in names and ARABIC in names
    # JSON-LD is data, not display: the text is kept as written, bidi controls included.
    assert (ID["iachr"], SCHEMA.name, Literal(f"{ARABIC} {RLO}x", lang="en")) in graph
    # A javascript: URL is a plain string, never an IRI; a quoted https URL is an IRI.
    assert (ID["src-dil-program"], SCHEMA.url, Literal(JS_URL)) in graph
    assert (ID["src-dil-work-plan-iachr"], SCHEMA.url, URIRef(QUOTE_URL)) in graph


def test_the_document_is_the_same_whichever_writer_writes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # orjson writes a document of plain data, the json module anything else (a lone
    # surrogate, say): the same bytes either way, the escapes for HTML included.
    taken = []

    def watched(data: object) -> bytes | None:
        text = plain_writer(data)
        taken.append(text is not None)
        return text

    plain_writer = fast_json.dumps_if_plain
    monkeypatch.setattr(fast_json, "dumps_if_plain", watched)
    fast = render(hostile_program())
    monkeypatch.setattr(fast_json, "dumps_if_plain", lambda data: None)
    assert render(hostile_program()) == fast
    assert taken == [True]


def test_lone_surrogate_is_replaced() -> None:
    import attrs

    from oas_program.model import Text, TextStatus

    program = attrs.evolve(
        default_program(), title=Text(status=TextStatus.OFFICIAL, en="bad \ud800 text")
    )
    text = render(program)
    text.encode("utf-8")  # would raise on a lone surrogate
    assert "bad \ufffd text" in json.loads(text)["@graph"][0]["name"]["en"]
