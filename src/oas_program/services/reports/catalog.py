"""The reports' interface strings, in English (the catalogs in `oas_program/locale` translate
them): what `render.labels` looks up, and what the completeness layer quotes. Kept apart from
the rendering helpers so that a validator needs no more than the strings."""

from __future__ import annotations

from oas_program.model.activity import ADDRESSEE_LABELS

# Keyed by a stable name, in English; the name is the gettext context and the English text
# the message id of the translations in the catalogs (oas_program/locale, see i18n.py).
INTERFACE: dict[str, dict[str, str]] = {
    "en": {
        "report": "Program report",
        # `oas-program actors`: the table's header row and its last line.
        "actors_id": "ID",
        "actors_name": "NAME",
        "actors_kind": "KIND",
        "actors_membership": "MEMBERSHIP",
        "actors_none": "no actor of this kind",
        "actors_total": "{n} actors",
        "adopted": "Adopted by {symbol} on {date}.",
        "adopted_undated": "Adopted by {symbol}; the date is not known.",
        "about": "About this report",
        "about_summary": (
            "Texts marked “summary” are our summaries of the sources, not official OAS "
            "wording: quote the official documents, not this report."
        ),
        "about_fallback": (
            "Texts marked with a language code, such as “es”, are not recorded in English "
            "and are shown in that language instead."
        ),
        "about_generated": (
            "This report is generated from the data (format {version}); it is not an "
            "official OAS document."
        ),
        "summary_mark": "summary",
        "contents": "Contents",
        "skip": "Skip to the report",
        "language": "Language",
        "overview": "Overview",
        "figures": "Figures",
        "figure": "Figure",
        "count": "Count",
        "n_objectives": "Objectives",
        "n_activities": "Activities recorded",
        "n_actors": "Actors",
        "n_resolutions": "Resolutions",
        "n_documents": "Documents",
        "n_meetings": "Meetings",
        "n_sources": "Sources",
        "n_open": "Open questions",
        "open": "What the sources leave open",
        "open_intro": (
            "What is uncertain or unknown. The data records these gaps instead of filling them in."
        ),
        "none_open": "No open question is recorded.",
        "other_notes": "Other notes",
        "concerning": "Concerning",
        "program": "the program",
        "certainty": "Certainty",
        "note": "Note",
        "objectives": "Objectives and the activities that serve them",
        "objective_general": "General objective",
        "objective_specific": "Specific objective",
        "number_unknown": "number not known",
        "refines": "Refines",
        "official_text": "Official text",
        "serving": "Activities that serve it",
        "no_serving": "No activity is linked to this objective in the sources.",
        "serves": "Objectives it serves",
        "none_linked": "none linked in the sources",
        "by_addressee": "Activities by addressee group",
        "by_actor": "Activities by actor",
        "whole_group": "Activities addressed to a whole group, without named actors",
        "no_activities": "No activity recorded in the data.",
        "activity": "Activity",
        "summary": "Summary",
        "assigned": "Assigned to",
        "role": "Role",
        "nobody": "the whole group",
        "added": "added {date}",
        "timeline": "Resolutions in date order",
        "date": "Date",
        "symbol": "Symbol",
        "title": "Title",
        "no_title": "title not known",
        "undated": "date not known",
        "completeness": "Completeness",
        "completeness_intro": (
            "Counts the sources declare, against the activities the data records for the "
            "same addressee groups."
        ),
        "groups": "Addressee groups",
        "declared": "Declared",
        "recorded": "Recorded",
        "missing": "Not recorded",
        "statement": "What the source says",
        "sources": "Sources",
        "not_exact": "not exact",
        "conflicts": "Conflicting counts",
        "conflict": "These declarations count the same groups but disagree:",
        "no_conflicts": "No conflicting counts.",
        "members": "Member states",
        "state": "State",
        "iso": "ISO 3166-1 code",
        "membership": "Membership",
        "participation": "Participation of its government",
        "copy": "Third-party copy",
        "sources_note": "A title links to the source's official location, on its publisher's "
        "site; a third-party copy is a copy found on another site, which is not the publisher "
        "and may differ from the original.",
        "source": "Source",
        "kind": "Kind",
        "id": "Id",
        "none": "none",
        "from": "from {date}",
        "until": "until {date}",
        "and": " and ",
        "progress": "Implementation progress",
        "no_reports": "No implementation report is recorded in the data.",
        "progress_intro": (
            "The status of each expected (actor, activity) pair, from its latest report over "
            "every reporting period recorded. Reports recorded: {reports}; expected pairs: "
            "{pairs}. A pair without a report is “no report”. Shares are of the applicable "
            "pairs: pairs marked not applicable are left out."
        ),
        "heat_map": "Status by actor and activity",
        "heat_caption": (
            "Status of each expected pair: actors in rows, activities in columns. An empty "
            "cell is a pair that is not expected."
        ),
        "key": "Key",
        "actor": "Actor",
        "by_status": "All expected pairs by status",
        "chart_desc": "Horizontal bar chart, one bar per status. {figures}.",
        "status": "Status",
        "pairs": "Pairs",
        "share": "Share of applicable pairs",
        "total": "Total",
        "completed_share": "% completed",
        "all_pairs": "All pairs",
        "progress_by_actor": "Progress by actor",
        "progress_by_activity": "Progress by activity",
        "percent": "{value}%",
        "decimal_mark": ".",
    },
}

# Words for the model's codes, in English; translated through the catalogs like INTERFACE.
CODE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        **{f"addressee:{a.value}": label for a, label in ADDRESSEE_LABELS.items()},
        "resolution:background": "background",
        "resolution:mandate": "mandate",
        "resolution:adoption": "adoption",
        "resolution:follow-up": "follow-up",
        "resolution:related": "related",
        "assignment:responsible": "responsible",
        "assignment:co-responsible": "co-responsible",
        "assignment:supporting": "supporting",
        "certainty:confirmed": "confirmed",
        "certainty:uncertain": "uncertain",
        "certainty:unknown": "unknown",
        "quantifier:exactly": "{n}",
        "quantifier:about": "about {n}",
        "quantifier:almost": "almost {n}",
        "quantifier:more-than": "more than {n}",
        "source:official-page": "official OAS page",
        "source:official-document": "official OAS document",
        "source:third-party-copy": "third-party copy",
        "source:press": "press",
        "source:official": "official",
        "source:summary": "summary",
        "source:seed": "seed page",
        "source:report": "report",
        "source:illustrative": "illustrative (invented)",
        "actor-kind:oas-organ": "OAS organ",
        "actor-kind:gs-area": "General Secretariat area or OAS entity",
        "actor-kind:specialized-organization": "inter-American specialized organization",
        "actor-kind:member-state": "member state",
        "actor-kind:multilateral": "multilateral or regional organization",
        "actor-kind:civil-society": "civil society",
        "membership:member": "member",
        "membership:excluded": "excluded",
        "participation:participating": "participating",
        "participation:excluded": "excluded from participation",
        "participation:not-participating": "not participating",
        "status:not-started": "not started",
        "status:planned": "planned",
        "status:in-progress": "in progress",
        "status:completed": "completed",
        "status:discontinued": "discontinued",
        "status:no-information": "no information",
        "status:no-report": "no report",
        "status:not-applicable": "not applicable",
        # Two letters for the heat map's cells, spelled out in its key.
        "status_short:not-started": "NS",
        "status_short:planned": "PL",
        "status_short:in-progress": "IP",
        "status_short:completed": "CO",
        "status_short:discontinued": "DI",
        "status_short:no-information": "NI",
        "status_short:no-report": "NR",
        "status_short:not-applicable": "NA",
    },
}

# Every interface string of the reports: context -> English (what the catalogs translate).
REPORT_MESSAGES: dict[str, str] = {**INTERFACE["en"], **CODE_WORDS["en"]}
