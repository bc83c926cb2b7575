"""Built-in plugin: the program as JSON-LD, in schema.org terms where schema.org has them.

Resolutions are `schema:Legislation` (symbol as `legislationIdentifier`), OAS organs and
areas `schema:GovernmentOrganization`, member states `schema:Country` (ISO 3166-1 alpha-3 as
a `PropertyValue`), other bodies `schema:Organization`, meetings `schema:Event`, documents
and sources `schema:CreativeWork`. What schema.org has no word for (objectives, activities,
assignments, declared counts, notes on certainty) uses the program's own terms, in the
namespace `urn:oas-program:terms:`.

Texts are language-tagged. Our summaries are always `schema:description`, official wording
never is: names go to `schema:name`/`schema:alternateName`, official text to
`officialText`. So "what did the OAS say" and "what does this dataset say about it" stay
apart in the graph, as they do in the data.

schema.org terms are used only where their domain fits: `citation` and `hasPart` only on
creative works (the program, resolutions, documents), `startDate`/`endDate` only on events;
elsewhere the program's own terms say the same (`source`, `objective`, `activity`,
`noteText`, `from`, `until`). Every node has a type and a `schema:name` (objectives,
declarations, notes, memberships, additions, identifiers, observations, assessments and
evidence get one made from their fields), and the tracking observations are included, each
naming its actor, activity and period.

The context is embedded in every export (no network needed to read it) and published as
`schemas/program.context.jsonld`; `CONTEXT` here is the source of both (a test checks the
committed file). Entity IRIs are `urn:oas-program:id:<program id>:<entity id>`.
"""

from __future__ import annotations

import json
import re
from typing import IO, TYPE_CHECKING, Any

from oas_program.files import fast_json
from oas_program.model.actor import ActorKind
from oas_program.model.text import TextStatus
from oas_program.model.values import parse_partial_date
from oas_program.plugins.descriptors import Exporter, ExportOptions
from oas_program.plugins.hookspecs import hookimpl
from oas_program.services.reports.safe_text import safe_url

if TYPE_CHECKING:
    from oas_program.model.activity import Activity, Addition
    from oas_program.model.actor import Actor, Membership, Participation
    from oas_program.model.document import Document
    from oas_program.model.meeting import Meeting
    from oas_program.model.note import Note
    from oas_program.model.objective import Objective
    from oas_program.model.program import Declaration, Program
    from oas_program.model.resolution import Resolution
    from oas_program.model.source import Source
    from oas_program.model.text import Text
    from oas_program.model.tracking import Observation

MEDIA_TYPE = "application/ld+json"
TERMS = "urn:oas-program:terms:"
IDS = "urn:oas-program:id:"


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri, "@type": "@id"}


def _by_language(text: Text) -> dict[str, str | None]:
    """A language map of one of our texts (label, title, note): every language it has."""
    return {lang: text.get(lang) for lang in text.languages}


def _lang_map(iri: str) -> dict[str, str]:
    return {"@id": iri, "@container": "@language"}


CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    "schema": "https://schema.org/",
    "oasp": TERMS,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    # classes
    "CreativeWork": "schema:CreativeWork",
    "Legislation": "schema:Legislation",
    "GovernmentOrganization": "schema:GovernmentOrganization",
    "Organization": "schema:Organization",
    "Country": "schema:Country",
    "Event": "schema:Event",
    "PropertyValue": "schema:PropertyValue",
    "Program": "oasp:Program",
    "Objective": "oasp:Objective",
    "Activity": "oasp:Activity",
    "Addition": "oasp:Addition",
    "Membership": "oasp:Membership",
    "Participation": "oasp:Participation",
    "Document": "oasp:Document",
    "Source": "oasp:Source",
    "Declaration": "oasp:Declaration",
    "Note": "oasp:Note",
    "Observation": "oasp:Observation",
    "Assessment": "oasp:Assessment",
    "Evidence": "oasp:Evidence",
    # schema.org properties
    "name": _lang_map("schema:name"),
    "alternateName": _lang_map("schema:alternateName"),
    "description": _lang_map("schema:description"),
    "url": _ref("schema:url"),
    "citation": _ref("schema:citation"),
    "hasPart": _ref("schema:hasPart"),
    "identifier": "schema:identifier",
    "propertyID": "schema:propertyID",
    "value": "schema:value",
    "legislationIdentifier": "schema:legislationIdentifier",
    "legislationDate": "schema:legislationDate",
    "parentOrganization": _ref("schema:parentOrganization"),
    "author": _ref("schema:author"),
    "organizer": _ref("schema:organizer"),
    "attendee": _ref("schema:attendee"),
    "location": "schema:location",
    "startDate": "schema:startDate",
    "endDate": "schema:endDate",
    "dateCreated": "schema:dateCreated",
    # the program's own properties
    "formatVersion": "oasp:formatVersion",
    "summaryNotice": _lang_map("oasp:summaryNotice"),
    "officialText": _lang_map("oasp:officialText"),
    "adoptedBy": _ref("oasp:adoptedBy"),
    "adoptedOn": "oasp:adoptedOn",
    "objectiveKind": "oasp:objectiveKind",
    "number": "oasp:number",
    "refines": _ref("oasp:refines"),
    "addressee": "oasp:addressee",
    "responsible": _ref("oasp:responsible"),
    "coResponsible": _ref("oasp:coResponsible"),
    "supporting": _ref("oasp:supporting"),
    "serves": _ref("oasp:serves"),
    "mandatedBy": _ref("oasp:mandatedBy"),
    "mandateParagraph": "oasp:mandateParagraph",
    "addition": "oasp:addition",
    "addedOn": "oasp:addedOn",
    "addedAt": _ref("oasp:addedAt"),
    "addedBy": _ref("oasp:addedBy"),
    "actorKind": "oasp:actorKind",
    "membership": "oasp:membership",
    "membershipStatus": "oasp:membershipStatus",
    "participation": "oasp:participation",
    "participationStatus": "oasp:participationStatus",
    "officialNumber": "oasp:officialNumber",
    "copyUrl": _ref("oasp:copyUrl"),
    "resolutionRole": "oasp:resolutionRole",
    "adoptedAt": _ref("oasp:adoptedAt"),
    "symbol": "oasp:symbol",
    "meeting": _ref("oasp:meeting"),
    "sourceKind": "oasp:sourceKind",
    "declaration": "oasp:declaration",
    "count": "oasp:count",
    "quantifier": "oasp:quantifier",
    "originalOnly": "oasp:originalOnly",
    "note": "oasp:note",
    "certainty": "oasp:certainty",
    "noteText": _lang_map("oasp:noteText"),
    "source": _ref("oasp:source"),
    "objective": _ref("oasp:objective"),
    "activity": _ref("oasp:activity"),
    "from": "oasp:from",
    "until": "oasp:until",
    "observation": _ref("oasp:observation"),
    "actor": _ref("oasp:actor"),
    "period": "oasp:period",
    "reportedOn": "oasp:reportedOn",
    "status": "oasp:status",
    "applicability": "oasp:applicability",
    "assessment": "oasp:assessment",
    "assessorKind": "oasp:assessorKind",
    "assessor": "oasp:assessor",
    "rating": "oasp:rating",
    "comment": {"@id": "oasp:comment", "@language": "en"},
    "evidence": "oasp:evidence",
    "evidenceText": {"@id": "oasp:evidenceText", "@language": "en"},
    "evidenceDocument": _ref("oasp:evidenceDocument"),
    "reportedBy": _ref("oasp:reportedBy"),
}

_NOTICE = {
    "en": "Every schema:description in this document is a summary of the sources written for "
    "this dataset, not official OAS text.",
    "es": "Cada schema:description de este documento es un resumen de las fuentes redactado "
    "para este conjunto de datos, no un texto oficial de la OEA.",
}

_ACTOR_TYPES: dict[ActorKind, str] = {
    ActorKind.OAS_ORGAN: "GovernmentOrganization",
    ActorKind.GS_AREA: "GovernmentOrganization",
    ActorKind.SPECIALIZED_ORGANIZATION: "GovernmentOrganization",
    ActorKind.MEMBER_STATE: "Country",
    ActorKind.MULTILATERAL: "Organization",
    ActorKind.CIVIL_SOCIETY: "Organization",
}

_ROLE_TERMS = {"responsible": "responsible", "co-responsible": "coResponsible"}


def dumps_context() -> str:
    """The published context document (`schemas/program.context.jsonld`)."""
    return _dumps({"@context": CONTEXT}).decode("utf-8")


# `<`, `>`, `&` and the JavaScript line separators only occur inside JSON strings, where the
# \u form means the same: the document stays safe to inline in an HTML <script>.
_ESCAPES = tuple(
    (char.encode("utf-8"), f"\\u{ord(char):04x}".encode()) for char in "<>&\u2028\u2029"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _dumps(data: Any) -> bytes:
    """The document's UTF-8 bytes: what `json.dumps(data, indent=2, ensure_ascii=False)`
    writes, with the characters above escaped and any lone surrogate replaced."""
    text = fast_json.dumps_if_plain(data)  # orjson refuses lone surrogates
    if text is None:
        written = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        # A lone surrogate cannot be written as UTF-8; the model's loaders refuse them, but
        # a program built in code may hold one.
        text = _SURROGATE.sub("\ufffd", written).encode("utf-8")
    for char, escape in _ESCAPES:
        text = text.replace(char, escape)
    return text


class _Graph:
    def __init__(self, program: Program) -> None:
        self.program = program
        self.base = f"{IDS}{program.id}"

    def iri(self, entity_id: str) -> str:
        return f"{self.base}:{entity_id}"

    def iris(self, ids: tuple[str, ...]) -> list[str]:
        return [self.iri(i) for i in ids]

    # ---- values ----------------------------------------------------------------------------

    @staticmethod
    def date(value: str) -> dict[str, str]:
        """A partial date as a typed literal: xsd:gYear, xsd:gYearMonth or xsd:date."""
        _, month, day = parse_partial_date(value)
        kind = "xsd:date" if day is not None else "xsd:gYearMonth" if month else "xsd:gYear"
        return {"@value": value, "@type": kind}

    @staticmethod
    def url(value: str | None) -> str | dict[str, str] | None:
        """A safe URL as an IRI; anything else (`javascript:`, spaces) only as a string."""
        if value is None:
            return None
        return value if safe_url(value) is not None else {"@value": value}

    @staticmethod
    def add_text(node: dict[str, Any], text: Text | None, official_term: str) -> None:
        """Put *text* under `description` if it is our summary, else under *official_term*."""
        if text is None:
            return
        term = "description" if text.status is TextStatus.SUMMARY else official_term
        values: dict[str, Any] = node.setdefault(term, {})
        for lang in text.languages:
            value = text.get(lang)
            if lang in values:  # two texts on one node in one term: keep both
                old = values[lang]
                values[lang] = [*(old if isinstance(old, list) else [old]), value]
            else:
                values[lang] = value

    def common(
        self,
        node: dict[str, Any],
        notes: tuple[Note, ...],
        sources: tuple[str, ...],
        *,
        creative_work: bool = False,
    ) -> None:
        """Notes and sources. `schema:citation` belongs to creative works; other nodes
        name their sources with the program's own `source`."""
        if notes:
            node["note"] = [self.note(n, i) for i, n in enumerate(notes, 1)]
        if sources:
            node["citation" if creative_work else "source"] = self.iris(sources)

    def note(self, note: Note, number: int) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@type": "Note",
            "name": {"en": f"Note {number} ({note.certainty.value})"},
            "certainty": note.certainty.value,
            "noteText": _by_language(note.text),
        }
        if note.sources:
            node["source"] = self.iris(note.sources)
        return node

    @staticmethod
    def compact(node: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in node.items() if value is not None}

    # ---- nodes -----------------------------------------------------------------------------

    def program_node(self) -> dict[str, Any]:
        p = self.program
        node: dict[str, Any] = {
            "@id": self.base,
            "@type": ["CreativeWork", "Program"],
            "formatVersion": p.format_version,
            "summaryNotice": dict(_NOTICE),
        }
        self.add_text(node, p.title, "name")
        self.add_text(node, p.summary, "officialText")
        node["adoptedBy"] = self.iri(p.adopted_by)
        if p.adopted_on is not None:
            node["adoptedOn"] = self.date(p.adopted_on)
        # Objectives and activities are not creative works: not `schema:hasPart`.
        if p.objectives:
            node["objective"] = self.iris(tuple(o.id for o in p.objectives))
        if p.activities:
            node["activity"] = self.iris(tuple(a.id for a in p.activities))
        if p.declarations:
            node["declaration"] = [self.declaration(d) for d in p.declarations]
        if p.observations:
            node["observation"] = self.iris(tuple(o.id for o in p.observations))
        self.common(node, p.notes, p.based_on, creative_work=True)
        return node

    def declaration(self, d: Declaration) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": self.iri(d.id),
            "@type": "Declaration",
            "name": {
                "en": f"Declared count: {d.quantifier.value} {d.count} activities for "
                + ", ".join(a.value for a in d.addressees)
            },
            "addressee": [a.value for a in d.addressees],
            "count": d.count,
            "quantifier": d.quantifier.value,
            "originalOnly": d.original_only,
        }
        self.add_text(node, d.statement, "officialText")
        self.common(node, d.notes, d.sources)
        return node

    def objective(self, o: Objective) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": self.iri(o.id),
            "@type": "Objective",
            "name": {"en": _objective_name(o)},
            "objectiveKind": o.kind.value,
            "number": o.number,
            "refines": self.iri(o.parent) if o.parent else None,
        }
        self.add_text(node, o.summary, "officialText")
        self.add_text(node, o.text, "officialText")
        self.common(node, o.notes, o.sources)
        return self.compact(node)

    def activity(self, a: Activity) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": self.iri(a.id),
            "@type": "Activity",
            "name": _by_language(a.label),
            "addressee": a.addressee.value,
        }
        if a.number is not None:
            node["officialNumber"] = a.number
        self.add_text(node, a.summary, "officialText")
        self.add_text(node, a.text, "officialText")
        for assignment in a.assignments:
            term = _ROLE_TERMS.get(assignment.role.value, "supporting")
            node.setdefault(term, []).append(self.iri(assignment.actor))
        if a.objectives:
            node["serves"] = self.iris(a.objectives)
        if a.mandate is not None:
            node["mandatedBy"] = self.iri(a.mandate.resolution)
            if a.mandate.paragraph is not None:
                node["mandateParagraph"] = a.mandate.paragraph
        if a.added is not None:
            node["addition"] = self.addition(a.added)
        self.common(node, a.notes, a.sources)
        return node

    def addition(self, added: Addition) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@type": "Addition",
            "name": {"en": f"Added {added.date}" if added.date else "Added after adoption"},
            "addedOn": self.date(added.date) if added.date else None,
            "addedAt": self.iri(added.meeting) if added.meeting else None,
            "addedBy": self.iri(added.resolution) if added.resolution else None,
        }
        self.common(node, (), added.sources)
        return self.compact(node)

    def actor(self, a: Actor) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": self.iri(a.id),
            "@type": _ACTOR_TYPES[a.kind],
            "actorKind": a.kind.value,
        }
        self.add_text(node, a.name, "name")
        self.add_text(node, a.acronym, "alternateName")
        self.add_text(node, a.role, "officialText")
        if a.parent is not None:
            node["parentOrganization"] = self.iri(a.parent)
        if a.iso3 is not None:
            node["identifier"] = {
                "@type": "PropertyValue",
                "name": {"en": f"ISO 3166-1 alpha-3: {a.iso3}"},
                "propertyID": "ISO 3166-1 alpha-3",
                "value": a.iso3,
            }
        if a.memberships:
            node["membership"] = [self.membership(m) for m in a.memberships]
        if a.participation:
            node["participation"] = [self.participation(p) for p in a.participation]
        self.common(node, a.notes, a.sources)
        return node

    def participation(self, p: Participation) -> dict[str, Any]:
        span = f"{p.start or '?'} to {p.end or 'now'}"
        node: dict[str, Any] = {
            "@type": "Participation",
            "name": {"en": f"{p.status.value.capitalize()}, {span}"},
            "participationStatus": p.status.value,
            # As for memberships: the program's own terms, not schema.org's event dates.
            "from": self.date(p.start) if p.start else None,
            "until": self.date(p.end) if p.end else None,
        }
        self.common(node, p.notes, p.sources)
        return self.compact(node)

    def membership(self, m: Membership) -> dict[str, Any]:
        span = f"{m.start or '?'} to {m.end or 'now'}"
        node: dict[str, Any] = {
            "@type": "Membership",
            "name": {"en": f"{m.status.value.capitalize()}, {span}"},
            "membershipStatus": m.status.value,
            # schema:startDate and endDate are for events: the program's own terms here.
            "from": self.date(m.start) if m.start else None,
            "until": self.date(m.end) if m.end else None,
        }
        self.common(node, m.notes, m.sources)
        return self.compact(node)

    def resolution(self, r: Resolution) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": self.iri(r.id),
            "@type": "Legislation",
            "legislationIdentifier": r.symbol,
            "resolutionRole": r.role.value,
            "legislationDate": self.date(r.date) if r.date else None,
            "adoptedAt": self.iri(r.meeting) if r.meeting else None,
            "url": self.url(r.url),
        }
        self.add_text(node, r.title, "name")
        self.add_text(node, r.summary, "officialText")
        if "name" not in node:
            node["name"] = {"en": r.symbol}
        self.common(node, r.notes, r.sources, creative_work=True)
        return self.compact(node)

    def document(self, d: Document) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": self.iri(d.id),
            "@type": ["CreativeWork", "Document"],
            "symbol": d.symbol,
            "dateCreated": self.date(d.date) if d.date else None,
            "author": self.iri(d.author) if d.author else None,
            "meeting": self.iri(d.meeting) if d.meeting else None,
            "url": self.url(d.url),
            "resolutionRole": d.role.value if d.role is not None else None,
        }
        self.add_text(node, d.title, "name")
        self.add_text(node, d.summary, "officialText")
        if "name" not in node:
            node["name"] = {"en": d.symbol or d.id}
        self.common(node, d.notes, d.sources, creative_work=True)
        return self.compact(node)

    def meeting(self, m: Meeting) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": self.iri(m.id),
            "@type": "Event",
            "organizer": self.iri(m.body) if m.body else None,
            "startDate": self.date(m.start) if m.start else None,
            "endDate": self.date(m.end) if m.end else None,
            "location": m.place,
        }
        self.add_text(node, m.title, "name")
        if "name" not in node:
            node["name"] = {"en": m.id}
        if m.participants:
            node["attendee"] = self.iris(m.participants)
        self.common(node, m.notes, m.sources)
        return self.compact(node)

    def source(self, s: Source) -> dict[str, Any]:
        return self.compact(
            {
                "@id": self.iri(s.id),
                "@type": ["CreativeWork", "Source"],
                "name": _by_language(s.title),
                "sourceKind": s.kind.value,
                "symbol": s.symbol,
                "dateCreated": self.date(s.date) if s.date else None,
                "url": self.url(s.url),
                "copyUrl": self.url(s.copy_url),
            }
        )

    def document_data(self) -> dict[str, Any]:
        p = self.program
        graph = [self.program_node()]
        graph += [self.objective(o) for o in p.objectives]
        graph += [self.activity(a) for a in p.activities]
        graph += [self.actor(a) for a in p.actors]
        graph += [self.resolution(r) for r in p.resolutions]
        graph += [self.document(d) for d in p.documents]
        graph += [self.meeting(m) for m in p.meetings]
        graph += [self.source(s) for s in p.sources]
        graph += [self.observation(o) for o in p.observations]
        return {"@context": CONTEXT, "@graph": graph}

    def observation(self, o: Observation) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": self.iri(o.id),
            "@type": "Observation",
            "name": {"en": f"{o.actor}, {o.activity}, {o.period}: {o.status.value}"},
            "actor": self.iri(o.actor),
            "activity": self.iri(o.activity),
            "period": o.period,
            "reportedOn": self.date(o.date),
            "status": o.status.value,
            "applicability": o.applicability.value,
            "reportedBy": self.iri(o.reported_by) if o.reported_by else None,
        }
        if o.assessments:
            node["assessment"] = [
                self.compact(
                    {
                        "@type": "Assessment",
                        "name": {"en": f"{a.assessor}: {a.rating.value}"},
                        "assessorKind": a.assessor_kind.value,
                        "assessor": a.assessor,
                        "rating": a.rating.value,
                        "reportedOn": self.date(a.date) if a.date else None,
                        "comment": a.comment,
                    }
                )
                for a in o.assessments
            ]
        if o.evidence:
            node["evidence"] = [
                self.compact(
                    {
                        "@type": "Evidence",
                        "name": {"en": f"Evidence {number}"},
                        "evidenceText": e.text,
                        "url": self.url(e.url),
                        "evidenceDocument": self.iri(e.document) if e.document else None,
                    }
                )
                for number, e in enumerate(o.evidence, 1)
            ]
        self.common(node, o.notes, o.sources)
        return self.compact(node)


def _objective_name(o: Objective) -> str:
    number = f" {o.number}" if o.number is not None else ""
    return f"{o.kind.value.capitalize()} objective{number}"


def render(program: Program) -> str:
    """The program as a JSON-LD document with its context embedded."""
    return _dumps(_Graph(program).document_data()).decode("utf-8")


def _write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    stream.write(_dumps(_Graph(program).document_data()))


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="jsonld",
            media_type=MEDIA_TYPE,
            suffix=".jsonld",
            write=_write,
            description="JSON-LD with schema.org terms where they fit, every entity and "
            "observation; context in schemas/program.context.jsonld",
        )
    ]


if __name__ == "__main__":  # regenerate the published context
    import sys

    sys.stdout.write(dumps_context())
