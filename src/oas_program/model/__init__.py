"""The program's domain model: frozen attrs classes, no I/O, no plugins."""

# Before the first class is made: the code of their methods is kept between processes.
from oas_program.model import code_cache

code_cache.keep_attrs_methods()

from oas_program.model.activity import (
    Activity,
    Addition,
    Addressee,
    Assignment,
    AssignmentRole,
    Mandate,
)
from oas_program.model.actor import (
    Actor,
    ActorKind,
    Membership,
    MembershipStatus,
    Participation,
    ParticipationStatus,
)
from oas_program.model.document import Document
from oas_program.model.meeting import Meeting
from oas_program.model.note import Note
from oas_program.model.objective import Objective, ObjectiveKind
from oas_program.model.program import (
    FORMAT_VERSION,
    Completeness,
    Declaration,
    Entity,
    Program,
    Quantifier,
)
from oas_program.model.resolution import Resolution, ResolutionRole
from oas_program.model.source import Source, SourceKind
from oas_program.model.text import LANGUAGES, Text, TextStatus
from oas_program.model.tracking import (
    Applicability,
    Assessment,
    AssessorKind,
    Evidence,
    Observation,
    Rating,
    Status,
)
from oas_program.model.values import Certainty

__all__ = [
    "FORMAT_VERSION",
    "LANGUAGES",
    "Activity",
    "Actor",
    "ActorKind",
    "Addition",
    "Addressee",
    "Applicability",
    "Assessment",
    "AssessorKind",
    "Assignment",
    "AssignmentRole",
    "Certainty",
    "Completeness",
    "Declaration",
    "Document",
    "Entity",
    "Evidence",
    "Mandate",
    "Meeting",
    "Membership",
    "MembershipStatus",
    "Note",
    "Objective",
    "ObjectiveKind",
    "Observation",
    "Participation",
    "ParticipationStatus",
    "Program",
    "Quantifier",
    "Rating",
    "Resolution",
    "ResolutionRole",
    "Source",
    "SourceKind",
    "Status",
    "Text",
    "TextStatus",
]
