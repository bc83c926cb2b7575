"""The plugin host: built-in and installed plugins, each called in isolation.

Built-in formats are plugins registered exactly like installed ones. Installed plugins are
found through entry points of group `oas_program`, scanned once per process and only when a
command needs the registry: `--help`, `--version` and `plugins` never import plugin code.

Controls (environment):
- `OAS_PROGRAM_LOAD_PLUGINS`: comma-separated allowlist of installed plugins (entry-point
  or distribution names); set but empty = no installed plugin.
- `OAS_PROGRAM_DISABLE_PLUGINS`: comma-separated blocklist (built-ins may be listed too).
- `OAS_PROGRAM_STRICT`: `1` turns plugin warnings (a plugin failing to load, a misspelled
  hook, an allowlisted plugin not installed) into errors.
"""

from __future__ import annotations

import functools
import importlib
import os
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from oas_program.errors import PluginError, UsageError, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    import pluggy

    from oas_program.plugins.descriptors import Exporter, FormFormat, Importer, Store, Validator
    from oas_program.plugins.discovery import FoundEntryPoint

ENTRY_POINT_GROUP = "oas_program"

# Built-in plugins: module paths, registered through the same `register` as installed ones.
BUILTIN_PLUGINS: dict[str, str] = {
    "json": "oas_program.builtin.json_format",
    "yaml": "oas_program.builtin.yaml_format",
    "csv": "oas_program.builtin.csv_package",
    "sqlite": "oas_program.builtin.sqlite_format",
    "datasette": "oas_program.builtin.datasette_metadata",
    # Validation layers, in the order their rules are documented (docs/rules.md).
    "schema": "oas_program.builtin.validation.schema_layer",
    "references": "oas_program.builtin.validation.references",
    "domain": "oas_program.builtin.validation.domain",
    "completeness": "oas_program.builtin.validation.completeness",
    "identifiers": "oas_program.builtin.validation.identifiers",
    "markdown": "oas_program.builtin.markdown_format",
    "html": "oas_program.builtin.html_report",
    "jsonld": "oas_program.builtin.jsonld_format",
    "forms": "oas_program.builtin.form_formats",
}

_EXPORTERS, _IMPORTERS = "oas_program_exporters", "oas_program_importers"
_VALIDATORS, _FORM_FORMATS = "oas_program_validators", "oas_program_form_formats"

# What each built-in plugin provides, by hook and name, known without importing it: a
# command that needs the `json` exporter imports the JSON plugin alone, not every format and
# validator (that was most of `oas-program export`'s start-up time). A test imports every
# built-in and checks this table against what its hooks return.
BUILTIN_PROVIDES: dict[str, dict[str, tuple[str, ...]]] = {
    "json": {_EXPORTERS: ("json",), _IMPORTERS: ("json",)},
    "yaml": {_EXPORTERS: ("yaml",), _IMPORTERS: ("yaml",)},
    "csv": {_EXPORTERS: ("csv",), _IMPORTERS: ("csv",)},
    "sqlite": {_EXPORTERS: ("sqlite",), _IMPORTERS: ("sqlite",)},
    "schema": {_VALIDATORS: ("schema",)},
    "references": {_VALIDATORS: ("references",)},
    "domain": {_VALIDATORS: ("domain",)},
    "completeness": {_VALIDATORS: ("completeness",)},
    "identifiers": {_VALIDATORS: ("identifiers",)},
    "markdown": {_EXPORTERS: ("markdown",)},
    "html": {_EXPORTERS: ("html",)},
    "jsonld": {_EXPORTERS: ("jsonld",)},
    "forms": {_FORM_FORMATS: ("json", "csv")},
    "datasette": {_EXPORTERS: ("datasette-metadata",)},
}

T = TypeVar("T")

FIRST_PARTY_FORMATS: dict[str, tuple[str, str]] = {"xlsx": (".xlsx", "oas-program-xlsx")}
"""Formats of the project's own plugins, by name: (suffix, distribution to install). An
error about a missing format names what to install."""


def _install_hint(name: str) -> str:
    """What to install for a first-party format (`; install ...: pip install oas-program-xlsx`),
    else an empty string."""
    known = FIRST_PARTY_FORMATS.get(name)
    if known is None:
        return ""
    return f"; install the plugin that provides it: pip install {known[1]}"


def install_hint_for_path(path: str | Path) -> str:
    """The install hint for a file name ending with a first-party format's suffix (an empty
    string for any other name)."""
    lowered = str(path).lower()
    for name, (suffix, _distribution) in FIRST_PARTY_FORMATS.items():
        if lowered.endswith(suffix):
            return _install_hint(name)
    return ""


def _descriptors() -> Any:
    """The descriptors module, imported when a command needs plugins' contributions: it
    imports the model, which listing plugins (`oas-program plugins`) does not need."""
    from oas_program.plugins import descriptors

    return descriptors


def installed_entry_points() -> tuple[FoundEntryPoint, ...]:
    """Entry points of group `oas_program`, scanned once per process (the scan is costly),
    without importing `importlib.metadata` (see `oas_program.plugins.discovery`)."""
    from oas_program.plugins.discovery import installed_entry_points as scanned

    return scanned()


def _env_list(environ: Mapping[str, str], name: str) -> set[str] | None:
    if name not in environ:
        return None
    return {item.strip() for item in environ[name].split(",") if item.strip()}


# PluginInfo is a plain class and Provided a named tuple (not attrs classes or dataclasses),
# and pluggy is imported on first load, so that listing plugins (`oas-program plugins`)
# imports none of them: see `oas_program.errors`.


class PluginInfo:
    """What the host knows of one plugin (changed as the plugin loads)."""

    __slots__ = (
        "builtin",
        "contributes",
        "distribution",
        "entry_point",
        "error",
        "exception",
        "name",
        "status",
        "version",
    )

    def __init__(
        self,
        *,
        name: str,
        builtin: bool,
        distribution: str | None = None,
        version: str | None = None,
        entry_point: str | None = None,
        status: str = "available",
    ) -> None:
        self.name = name
        self.builtin = builtin
        self.distribution = distribution
        self.version = version
        self.entry_point: str | None = entry_point
        """The entry point's target (`package.module`)."""
        self.status = status
        """`loaded`, `available` (installed, not imported yet), `disabled` or `error`."""
        self.error: str | None = None
        self.contributes: list[str] = []
        """`kind:name` of everything the plugin provides (`exporter:json`)."""
        self.exception: BaseException | None = None
        """What the plugin raised when it failed to load (its traceback, for `--debug`)."""

    def __repr__(self) -> str:
        names = "name builtin distribution version entry_point status error contributes"
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names.split())
        return f"PluginInfo({shown})"

    @property
    def label(self) -> str:
        """How messages name the plugin: `'name' from dist 1.2 (entry point pkg.mod)`."""
        if self.builtin:
            return f"built-in plugin '{self.name}'"
        return (
            f"plugin '{self.name}' from {self.distribution or '?'} {self.version or '?'} "
            f"(entry point {self.entry_point})"
        )


class Provided(NamedTuple, Generic[T]):
    """A descriptor and the plugin that gave it."""

    item: T
    plugin: PluginInfo


class PluginHost:
    """Registry of importers, exporters, validators and commands from all plugins."""

    def __init__(
        self,
        *,
        entrypoints: bool = True,
        builtins: bool = True,
        plugins: Sequence[tuple[str, object]] = (),
        strict: bool | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        """Build a host.

        :param entrypoints: discover installed plugins (tests pass False).
        :param builtins: register the built-in formats.
        :param plugins: extra `(name, module or object)` plugins, registered like installed
            ones (what `oas_program.plugins.testing` uses to test one plugin in isolation).
        :param strict: plugin warnings become errors; default from `OAS_PROGRAM_STRICT`.
        """
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        self.strict = (
            self.environ.get("OAS_PROGRAM_STRICT", "") in {"1", "true", "yes"}
            if strict is None
            else strict
        )
        self._use_entrypoints = entrypoints
        self._use_builtins = builtins
        self._extra = list(plugins)
        self._manager: pluggy.PluginManager | None = None
        self._infos: dict[str, PluginInfo] = {}
        self._loaded = False
        self.warnings: list[str] = []
        """Problems with plugins that did not stop the command (errors in strict mode)."""
        self._collected: dict[str, list[Provided[Any]]] = {}
        self._named: dict[tuple[str, str], list[Provided[Any]]] = {}

    # ---- loading ------------------------------------------------------------------------

    @property
    def _pm(self) -> pluggy.PluginManager:
        """The pluggy manager, made when the first plugin is registered or asked."""
        if self._manager is None:
            import pluggy

            from oas_program.plugins import hookspecs

            self._manager = pluggy.PluginManager(hookspecs.PROJECT)
            self._manager.add_hookspecs(hookspecs)
        return self._manager

    def _allowed(self, info: PluginInfo) -> bool:
        deny = _env_list(self.environ, "OAS_PROGRAM_DISABLE_PLUGINS") or set()
        if {info.name, info.distribution} & deny:
            return False
        if info.builtin:
            return True
        allow = _env_list(self.environ, "OAS_PROGRAM_LOAD_PLUGINS")
        return allow is None or bool({info.name, info.distribution} & allow)

    def describe(self) -> list[PluginInfo]:
        """Every plugin known from metadata alone: nothing installed is imported."""
        infos: dict[str, PluginInfo] = {}
        if self._use_builtins:
            for name in BUILTIN_PLUGINS:
                infos[name] = PluginInfo(name=name, builtin=True, status="available")
        for name, _plugin in self._extra:
            infos[name] = PluginInfo(name=name, builtin=False, entry_point="<given>")
        if self._use_entrypoints:
            for ep in installed_entry_points():
                dist = ep.dist
                infos.setdefault(
                    ep.name,
                    PluginInfo(
                        name=ep.name,
                        builtin=False,
                        distribution=dist.name if dist else None,
                        version=dist.version if dist else None,
                        entry_point=ep.value,
                    ),
                )
        for info in infos.values():
            known = self._infos.get(info.name)
            if known is not None:
                infos[info.name] = known
            elif not self._allowed(info):
                info.status = "disabled"
        return sorted(infos.values(), key=lambda i: (not i.builtin, i.name))

    def _warn(self, message: str) -> None:
        self.warnings.append(message)

    def load(self, builtins: Callable[[str], bool] | None = None) -> None:
        """Import and register every enabled plugin, once. Failures are recorded, not raised
        (except in strict mode, where the first one raises PluginError).

        :param builtins: which built-in plugins (by name) to import now; default all. The
            others are imported by a later call that asks for them."""
        wanted = builtins if builtins is not None else (lambda name: True)
        if not self._loaded:
            self._loaded = True
            self._load_installed()
        for info in list(self._infos.values()):
            if info.builtin and info.status == "available" and wanted(info.name):
                self._register(
                    info, functools.partial(importlib.import_module, BUILTIN_PLUGINS[info.name])
                )
        if self.strict and self.warnings:
            raise PluginError(self.warnings[0] + " [plugin-load]")

    def _load_installed(self) -> None:
        entry_points = (
            {ep.name: ep for ep in installed_entry_points()} if self._use_entrypoints else {}
        )
        extra = dict(self._extra)
        for info in self.describe():
            self._infos[info.name] = info
            if info.status == "disabled" or info.builtin:
                continue  # built-ins are imported by `load` when asked for
            obtain: Callable[[], object] = (
                functools.partial(extra.__getitem__, info.name)
                if info.name in extra
                else entry_points[info.name].load
            )
            self._register(info, obtain)
        self._check_allowlist()

    def _register(self, info: PluginInfo, obtain: Callable[[], object]) -> None:
        try:
            plugin = obtain()
            self._pm.register(plugin, name=info.name)
        except Exception as error:  # a plugin's import may raise anything
            info.status, info.error = "error", f"{type(error).__name__}: {error}"
            info.exception = error
            self._warn(f"{info.label} failed to load: {info.error}")
            return
        import pluggy

        try:
            self._pm.check_pending()
        except pluggy.PluginValidationError as error:
            self._pm.unregister(name=info.name)
            info.status, info.error = "error", _unknown_hooks(self._pm, plugin) or str(error)
            info.exception = error
            self._warn(
                f"{info.label} failed to load: {info.error}; nothing it provides is available"
            )
            return
        info.status = "loaded"

    def _check_allowlist(self) -> None:
        allow = _env_list(self.environ, "OAS_PROGRAM_LOAD_PLUGINS") or set()
        known = {n for i in self._infos.values() for n in (i.name, i.distribution) if n}
        for missing in sorted(allow - known):
            message = f"plugin '{missing}' not found [plugin-missing]"
            if self.strict:
                raise UsageError(message)
            self._warn(message)

    # ---- collecting descriptors ---------------------------------------------------------

    def _collect(self, hook_name: str, expected: type[T]) -> list[Provided[T]]:
        if hook_name in self._collected:
            return self._collected[hook_name]
        self.load(lambda name: hook_name in BUILTIN_PROVIDES.get(name, {hook_name: ()}))
        found = self._call(hook_name, expected, lambda info: True)
        self._collected[hook_name] = found
        return found

    def _collect_named(self, hook_name: str, expected: type[T], name: str) -> list[Provided[T]]:
        """What `_collect` gives for *name* alone, importing only the built-ins that provide
        it (by `BUILTIN_PROVIDES`); installed plugins are all asked, so conflicts show."""
        if hook_name in self._collected:
            return self._by_name(self._collected[hook_name]).get(name, [])
        if (hook_name, name) in self._named:
            return self._named[hook_name, name]

        def provides(plugin: str) -> bool:
            return name in BUILTIN_PROVIDES.get(plugin, {hook_name: (name,)}).get(hook_name, ())

        self.load(provides)
        found = [
            entry
            for entry in self._call(
                hook_name, expected, lambda info: not info.builtin or provides(info.name)
            )
            if getattr(entry.item, "name", None) == name
        ]
        self._named[hook_name, name] = found
        return found

    def _call(
        self, hook_name: str, expected: type[T], asked: Callable[[PluginInfo], bool]
    ) -> list[Provided[T]]:
        found: list[Provided[T]] = []
        caller = getattr(self._pm.hook, hook_name)
        # pluggy calls the newest registration first; sort for a stable order.
        for impl in sorted(caller.get_hookimpls(), key=lambda i: i.plugin_name):
            info = self._infos[impl.plugin_name]
            if not asked(info):
                continue
            try:
                result = impl.function()
            except Exception as error:  # isolate: one broken plugin hides nothing else
                self._contract_failure(info, hook_name, f"raised {type(error).__name__}: {error}")
                continue
            if not isinstance(result, list | tuple) or not all(
                isinstance(item, expected) for item in result
            ):
                self._contract_failure(
                    info, hook_name, f"must return a list of {expected.__name__}"
                )
                continue
            for item in result:
                found.append(Provided(item, info))
                kind = hook_name.removeprefix("oas_program_").rstrip("s")
                contribution = f"{kind}:{getattr(item, 'name', '?')}"
                if contribution not in info.contributes:
                    info.contributes.append(contribution)
        return found

    def _contract_failure(self, info: PluginInfo, hook_name: str, problem: str) -> None:
        info.status, info.error = "error", f"{hook_name} {problem}"
        message = f"{info.label}: {hook_name} {problem} [plugin-contract]"
        if self.strict:
            raise PluginError(message)
        if message not in self.warnings:  # a named lookup may have asked the plugin before
            self._warn(message)

    def _by_name(self, provided: list[Provided[T]]) -> dict[str, list[Provided[T]]]:
        table: dict[str, list[Provided[T]]] = {}
        for entry in provided:
            table.setdefault(getattr(entry.item, "name"), []).append(entry)  # noqa: B009
        return dict(sorted(table.items()))

    def exporters(self) -> dict[str, list[Provided[Exporter]]]:
        """Exporters by format name (more than one entry = a conflict)."""
        return self._by_name(self._collect("oas_program_exporters", _descriptors().Exporter))

    def importers(self) -> dict[str, list[Provided[Importer]]]:
        """Importers by format name (more than one entry = a conflict)."""
        return self._by_name(self._collect("oas_program_importers", _descriptors().Importer))

    def validators(self) -> list[Provided[Validator]]:
        return self._collect("oas_program_validators", _descriptors().Validator)

    def form_formats(self) -> dict[str, list[Provided[FormFormat]]]:
        """Reporting-form formats by name (more than one entry = a conflict)."""
        return self._by_name(self._collect("oas_program_form_formats", _descriptors().FormFormat))

    def form_format_for_path(self, path: str | Path) -> Provided[FormFormat]:
        """The form format whose suffix ends *path*'s name (the longest that does)."""
        name = _longest_match(str(path).lower(), self.form_formats())
        if name is None:
            known = ", ".join(e.item.suffix for v in self.form_formats().values() for e in v)
            raise UsageError(
                f"cannot tell the form format of '{path}' from its name (known: {known})"
                + install_hint_for_path(path)
            )
        return self.form_format_entry(name)

    def stores(self) -> dict[str, list[Provided[Store]]]:
        """Stores (databases addressed by URL) by name (more than one entry = a conflict)."""
        return self._by_name(self._collect("oas_program_stores", _descriptors().Store))

    def store_for(self, location: str) -> Store | None:
        """The store serving *location*'s URL scheme; None for a file path or an unknown
        scheme. Two plugins serving one scheme is a UsageError naming both."""
        from oas_program.files.locations import is_url, scheme

        if not is_url(location):
            return None
        wanted = scheme(location)
        found = [
            e for entries in self.stores().values() for e in entries if wanted in e.item.schemes
        ]
        if len(found) > 1:
            owners = " and ".join(e.plugin.label for e in found)
            raise UsageError(
                f"{wanted}:// locations are served by {owners}; "
                "disable one with OAS_PROGRAM_DISABLE_PLUGINS [plugin-conflict]"
            )
        return found[0].item if found else None

    def commands(self) -> list[Provided[Any]]:
        import click

        return self._collect("oas_program_commands", click.Command)

    def plugins(self) -> list[PluginInfo]:
        """Every plugin after loading, with status and contributions."""
        for hook in (
            "oas_program_exporters",
            "oas_program_importers",
            "oas_program_validators",
            "oas_program_form_formats",
            "oas_program_stores",
        ):
            self._collect(hook, object)
        self.commands()
        return self.describe()

    # ---- lookups ------------------------------------------------------------------------

    def _unique(self, kind: str, name: str, table: Mapping[str, list[Provided[T]]]) -> Provided[T]:
        entries = table.get(name)
        if not entries:  # `JSON` is `json`, when only one name folds to it
            folded = [key for key in table if key.casefold() == name.casefold()]
            if len(folded) == 1:
                entries = table[folded[0]]
        if not entries:
            failed = [i for i in self._infos.values() if i.status == "error"]
            if failed:
                reasons = "; ".join(f"{i.label}: {i.error}" for i in failed)
                raise PluginError(
                    f"no {kind} '{name}'; a plugin that may provide it failed to load: "
                    f"{reasons} (set OAS_PROGRAM_LOAD_PLUGINS='' to disable plugins) "
                    "[plugin-load]"
                )
            available = ", ".join(table) or "none"
            raise UsageError(
                f"unknown {kind} '{name}'{did_you_mean(name, table)}; available: {available}"
                + _install_hint(name)
            )
        if len(entries) > 1:
            owners = " and ".join(e.plugin.label for e in entries)
            raise UsageError(
                f"{kind} '{name}' is provided by {owners}; "
                "disable one with OAS_PROGRAM_DISABLE_PLUGINS [plugin-conflict]"
            )
        return entries[0]

    def _lookup(self, kind: str, hook_name: str, expected: type[T], name: str) -> Provided[T]:
        """The one *name* of *hook_name*; only when none is found is every plugin loaded,
        for the message's list of what is available."""
        entries = self._collect_named(hook_name, expected, name)
        if entries:
            return self._unique(kind, name, {name: entries})
        return self._unique(kind, name, self._by_name(self._collect(hook_name, expected)))

    def exporter_entry(self, name: str) -> Provided[Exporter]:
        """The exporter called *name*, with the plugin that gave it."""
        return self._lookup("format", _EXPORTERS, _descriptors().Exporter, name)

    def importer_entry(self, name: str) -> Provided[Importer]:
        """The importer called *name*, with the plugin that gave it."""
        return self._lookup("format", _IMPORTERS, _descriptors().Importer, name)

    def form_format_entry(self, name: str) -> Provided[FormFormat]:
        """The form format called *name*, with the plugin that gave it."""
        return self._lookup("form format", _FORM_FORMATS, _descriptors().FormFormat, name)

    def exporter(self, name: str) -> Exporter:
        return self.exporter_entry(name).item

    def importer(self, name: str) -> Importer:
        return self.importer_entry(name).item

    def form_format(self, name: str) -> FormFormat:
        return self.form_format_entry(name).item

    def exporter_for_path(self, path: str | Path) -> Provided[Exporter]:
        """The exporter whose suffix ends *path*'s name, the longest that does (for a
        directory: the one format that can write a directory)."""
        from oas_program.files.writing import names_directory

        if names_directory(path):
            writers = [n for n, e in self.exporters().items() if e[0].item.write_dir is not None]
            if len(writers) == 1:
                return self.exporter_entry(writers[0])
        name = _longest_match(str(path).lower(), self.exporters())
        if name is None:
            raise UsageError(
                f"cannot tell the format of '{path}' from its name; use --format"
                + install_hint_for_path(path)
            )
        return self.exporter_entry(name)


def _unknown_hooks(pm: pluggy.PluginManager, plugin: object) -> str | None:
    """`unknown hook 'x' (did you mean 'y'?)` for the hooks *plugin* implements that no
    spec declares; None when there is none to name."""
    import difflib

    from oas_program.plugins import hookspecs

    known = [name for name in vars(hookspecs) if name.startswith(f"{hookspecs.PROJECT}_")]
    found = []
    for name in sorted(dir(plugin)):
        if name in known or pm.parse_hookimpl_opts(plugin, name) is None:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (the hooks: {', '.join(known)})"
        found.append(f"unknown hook '{name}'{hint}")
    return "; ".join(found) or None


def _longest_match(name: str, table: Mapping[str, list[Provided[Any]]]) -> str | None:
    """The entry of *table* whose suffix ends *name*, the longest suffix winning
    (`.popolo.json` before `.json`); None when no suffix does."""
    best: tuple[int, str] | None = None
    for entry_name, entries in table.items():
        for entry in entries:
            suffix = getattr(entry.item, "suffix", "")
            if suffix and name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), entry_name)
    return best[1] if best else None
