"""The interface's message catalogs: gettext, one catalog per OAS official language.

Every string a person reads in a report, a form or `show` is written in English in the code
and translated through the catalogs in `oas_program/locale/<lang>/LC_MESSAGES/oas_program.mo`
(compiled from the `.po` files next to them, maintained with Babel; see README, "Interface
languages"). A string is looked up by its context (a stable key such as `"overview"` or
`"status:completed"`) and its English text, so two identical English words with different
translations never collide. English needs no catalog.

This module is part of the bottom layer: it reads only the package's own catalogs.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
import pkgutil
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Mapping

DOMAIN = "oas_program"
# The OAS official languages; the order is the Charter's, as in `model.text.LANGUAGES`.
INTERFACE_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "pt")
# The variables gettext reads, in its order of precedence.
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@functools.cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of *lang* (English: no catalog, every message as written)."""
    if lang not in INTERFACE_LANGUAGES:
        raise ValueError(
            f"unknown language {lang!r}; expected one of {', '.join(INTERFACE_LANGUAGES)}"
        )
    if lang == "en":
        return gettext.NullTranslations()
    # pkgutil rather than importlib.resources, which costs a command 8 ms to import.
    data = pkgutil.get_data("oas_program", f"locale/{lang}/LC_MESSAGES/{DOMAIN}.mo")
    if data is None:  # only from a loader that cannot read files: not a pip install
        raise FileNotFoundError(f"oas_program/locale/{lang}/LC_MESSAGES/{DOMAIN}.mo")
    return gettext.GNUTranslations(io.BytesIO(data))


def translate(lang: str, context: str, message: str) -> str:
    """*message* (English, known by *context*) in *lang*."""
    return catalog(lang).pgettext(context, message)


class Words:
    """The words of one part of the interface (`show`, `progress`, `diff`) in one language:
    `words(key, **values)` is the text of catalog context `<part>:<key>` in *lang*, its
    placeholders filled; *english* holds every key's English text."""

    def __init__(self, part: str, english: Mapping[str, str], lang: str) -> None:
        self.part = part
        self.english = english
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        text = translate(self.lang, f"{self.part}:{key}", self.english[key])
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """The word for *key*, or *default* when the part has none."""
        return self(key) if key in self.english else default


Value: TypeAlias = "str | int | Message"
"""What fills a placeholder: data (an id, a count, a quoted value), shown as it is in every
language, or a `Message` (a word such as a language's name), shown in the message's language."""


class Message(NamedTuple):
    """A catalog text, its placeholders' values, and no language yet: what a finding keeps so
    a report can show it in the language asked for when it is written (`validate --lang`).

    `text("en")` is *english* filled in; another language looks *english* up under *context*
    in its catalog. A *context* of `""` is no catalog entry: *english* only arranges its
    values (a list joined with ` + `), each shown in the language asked for."""

    context: str
    english: str
    values: tuple[tuple[str, Value], ...] = ()

    def text(self, lang: str = "en") -> str:
        template = translate(lang, self.context, self.english) if self.context else self.english
        filled = {
            name: value.text(lang) if isinstance(value, Message) else value
            for name, value in self.values
        }
        return template.format(**filled) if filled else template


def message(context: str, english: str, **values: Value) -> Message:
    """The `Message` of catalog entry (*context*, *english*) with *values*."""
    return Message(context, english, tuple(values.items()))


def joined(items: list[Message], separator: str) -> Message:
    """*items* one after another with *separator* between them, each in the report's language."""
    names = [f"item{number}" for number in range(len(items))]
    layout = separator.join(f"{{{name}}}" for name in names)
    return Message("", layout, tuple(zip(names, items, strict=True)))


class Templates:
    """The messages of one part of the interface kept for later: `templates(key, **values)`
    is the `Message` of catalog context `<part>:<key>`, in no language yet; *english* holds
    every key's English template."""

    def __init__(self, part: str, english: Mapping[str, str]) -> None:
        self.part = part
        self.english = english

    def __call__(self, key: str, **values: Value) -> Message:
        return Message(f"{self.part}:{key}", self.english[key], tuple(values.items()))

    def messages(self) -> dict[str, str]:
        """Catalog context -> English template (what the catalogs translate)."""
        return messages(self.part, self.english)


def plural(lang: str, count: int) -> str:
    """`one` or `other`: the form of a noun counted *count* times (CLDR's rules for the four
    languages: French counts 0 as singular, English, Spanish and Portuguese only 1)."""
    return "one" if count == 1 or (count == 0 and lang == "fr") else "other"


def messages(part: str, english: Mapping[str, str]) -> dict[str, str]:
    """Catalog context -> English text of a part's words (what the catalogs translate)."""
    return {f"{part}:{key}": text for key, text in english.items()}


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The interface language the environment asks for, as gettext reads it.

    The first of LANGUAGE (a colon-separated list), LC_ALL, LC_MESSAGES and LANG that is set
    decides; its first official OAS language wins (`pt_BR.UTF-8` is `pt`, `fr_HT` is `fr`).
    English when none is set or none names an OAS language (`C`, `POSIX`, `de_DE`).
    """
    env = os.environ if environ is None else environ
    for variable in _LOCALE_VARIABLES:
        value = env.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in INTERFACE_LANGUAGES:
                return code
        if variable != "LANGUAGE":
            return "en"
    return "en"
