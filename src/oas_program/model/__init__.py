"""The program's domain model: frozen attrs classes, no I/O, no plugins."""

from oas_program.model.activity import (
    Activity,
    Addition,
    Addressee,
    Assignment,
    AssignmentRole,
    Mandate,
)
from oas_program.model.actor import Actor, ActorKind, Membership, MembershipStatus
from oas_program.model.document import Document
from oas_program.model.meeting import Meeting
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
from oas_program.model.values import Certainty, Note

__all__ = [
    "FORMAT_VERSION",
    "LANGUAGES",
    "Activity",
    "Actor",
    "ActorKind",
    "Addition",
    "Addressee",
    "Assignment",
    "AssignmentRole",
    "Certainty",
    "Completeness",
    "Declaration",
    "Document",
    "Entity",
    "Mandate",
    "Meeting",
    "Membership",
    "MembershipStatus",
    "Note",
    "Objective",
    "ObjectiveKind",
    "Program",
    "Quantifier",
    "Resolution",
    "ResolutionRole",
    "Source",
    "SourceKind",
    "Text",
    "TextStatus",
]
