"""Text in the OAS official languages, marked as official wording or as our summary."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from oas_program.model.values import FieldValueError

# The four official languages of the OAS, in the order the Charter lists them.
LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "pt")


class TextStatus(StrEnum):
    """Whose words a text is."""

    OFFICIAL = "official"  # the wording of an OAS document or an official name
    SUMMARY = "summary"  # our own summary of a source: never to be quoted as the OAS's words


def _check_not_blank(instance: Text, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not value.strip():
        raise FieldValueError(attribute.name, "text must not be blank; leave it out instead")


def _check_some_language(
    instance: Text, attribute: attrs.Attribute[Any], value: str | None
) -> None:
    # Runs on the last field, so every language has been set by then.
    if all(getattr(instance, lang) is None for lang in LANGUAGES):
        raise ValueError("a text needs at least one language (en, es, fr or pt)")


@attrs.frozen(kw_only=True)
class Text:
    """One text in up to four languages; a language that is missing is simply absent."""

    status: TextStatus = attrs.field(converter=TextStatus)
    """Official wording, or our summary of a source."""
    en: str | None = attrs.field(default=None, validator=_check_not_blank)
    es: str | None = attrs.field(default=None, validator=_check_not_blank)
    fr: str | None = attrs.field(default=None, validator=_check_not_blank)
    pt: str | None = attrs.field(default=None, validator=[_check_not_blank, _check_some_language])

    def get(self, lang: str) -> str | None:
        """The text in *lang*, or None when it is not recorded in that language."""
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
        value: str | None = getattr(self, lang)
        return value

    def best(self, lang: str) -> tuple[str, str]:
        """The text in *lang*, else the first language present: (language used, text)."""
        for candidate in (lang, *LANGUAGES):
            value = self.get(candidate)
            if value is not None:
                return candidate, value
        raise AssertionError("unreachable: a Text always has one language")

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this text is recorded in."""
        return tuple(lang for lang in LANGUAGES if getattr(self, lang) is not None)


def summary(en: str, es: str | None = None) -> Text:
    """Shorthand for a summary in English (and optionally Spanish)."""
    return Text(status=TextStatus.SUMMARY, en=en, es=es)


def as_summary(value: Text | str) -> Text:
    """attrs converter for our own texts (labels, titles, notes): a plain string is English.

    Before format 1.2 these fields were plain English strings; Python code that builds them
    from a string keeps working, while files are read strictly (a Text object, or a plain
    string in files of earlier versions)."""
    if isinstance(value, str):
        return Text(status=TextStatus.SUMMARY, en=value)
    return value
