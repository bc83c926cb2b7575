"""Mutation testing of one module: mutmut 3 on its functions, or the grammar mutator.

    python mutation/run.py symbols             # mutmut on src/oas_program/model/symbols.py
    python mutation/run.py references          # builtin/validation/references.py
    python mutation/run.py domain              # builtin/validation/domain.py
    python mutation/run.py reading             # files/reading.py; likewise json_text,
                                               # writing, archives (the readers and writers)
    python mutation/run.py symbols --grammar   # its module-level regexes and tables
    python mutation/run.py src/oas_program/x.py --tests tests/test_x.py

Every run works in a fresh copy of the tree (the files git tracks or would track) under
`--workdir`, never in the working tree. When started as root, the mutants' tests run as an
unprivileged user (`nobody` unless `--user` says otherwise) through `setpriv`, with no
capabilities and no new privileges: a mutant that writes, deletes or renames something can
touch nothing but that copy (one once replaced /dev/full with a regular file when the
tests ran as root). Run as another user, the tests run as that user. Everything runs under
`nice -n 19` on one worker: the score, not the speed, is the point.

The results (score, and every surviving mutant as a diff) are printed and written to
`<workdir>/report.md`; the scores of record are kept in mutation/results.md.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Short names of the modules measured so far, with the tests that matter for each.
MODULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "symbols": ("src/oas_program/model/symbols.py", ("tests/test_symbols.py",)),
    "references": (
        "src/oas_program/builtin/validation/references.py",
        ("tests/test_validation.py",),
    ),
    "domain": (
        "src/oas_program/builtin/validation/domain.py",
        ("tests/test_validation.py",),
    ),
    "reading": ("src/oas_program/files/reading.py", ("tests/test_files_reading.py",)),
    "json_text": (
        "src/oas_program/files/json_text.py",
        ("tests/test_files_json_text.py", "tests/test_fast_json.py"),
    ),
    "writing": (
        "src/oas_program/files/writing.py",
        ("tests/test_atomic_writes.py", "tests/test_files_writing.py"),
    ),
    "archives": ("src/oas_program/files/archives.py", ("tests/test_files_archives.py",)),
}

# mutmut's exit codes, as `mutmut results` names them.
KILLED = {1, 3, 24, -24, 152, 255, 36}  # failed tests, or a timeout (the mutant loops)
SURVIVED = {0}
NO_TESTS = {5, 33}


def module_and_tests(name: str, tests: list[str] | None) -> tuple[str, list[str]]:
    if name in MODULES:
        path, default_tests = MODULES[name]
        return path, tests or list(default_tests)
    if not (ROOT / name).is_file() or not name.endswith(".py"):
        raise SystemExit(f"run.py: {name}: not a known module ({', '.join(MODULES)}) or a .py file")
    if not tests:
        raise SystemExit(f"run.py: {name}: say which tests matter with --tests")
    return name, tests


# ---- the copy and the user ----------------------------------------------------------------


def copy_tree(workdir: Path) -> Path:
    """A fresh copy of the files git tracks (and untracked files it does not ignore)."""
    tree = workdir / "tree"
    if tree.exists():
        shutil.rmtree(tree)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.is_file():  # deleted but not yet committed
            continue
        target = tree / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return tree


def unprivileged(user: str, workdir: Path) -> list[str]:
    """The command prefix that runs the tests as `user`, and the copy handed to that user.

    Empty when this process is not root: it cannot harm the devices, and cannot switch."""
    if os.geteuid() != 0:
        return []
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        raise SystemExit(f"run.py: user {user!r} does not exist; pass --user NAME") from None
    if entry.pw_uid == 0:
        raise SystemExit(f"run.py: user {user!r} is root; mutants never run as root")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise SystemExit("run.py: setpriv (util-linux) is needed to drop root; install it")
    for path in [workdir, *workdir.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
    return [
        setpriv,
        f"--reuid={entry.pw_uid}",
        f"--regid={entry.pw_gid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--no-new-privs",
    ]


def interpreter(prefix: list[str], workdir: Path, env: dict[str, str]) -> str:
    """A Python the unprivileged user can run, with this environment's packages.

    This interpreter when the user can run it; else (it lives under /root, say) a bare venv
    in the copy, made from a system Python of the same version, that adds this
    environment's site-packages (read-only to the user) to its path."""
    probe = "import mutmut, oas_program"
    tried = subprocess.run(
        [*prefix, sys.executable, "-c", probe], env=env, capture_output=True, check=False
    )
    if tried.returncode == 0:
        return sys.executable
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    candidates = [Path("/usr/bin") / version, Path("/usr/local/bin") / version]
    system = next((str(path) for path in candidates if path.is_file()), None)
    if system is None:
        raise SystemExit(f"run.py: no {version} the unprivileged user can run; install one")
    venv = workdir / "venv"
    subprocess.run([system, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "_oas_program_env.pth").write_text(
        f"import site; site.addsitedir({ours!r})\n", encoding="utf-8"
    )
    if prefix:
        owner = workdir.stat()
        for path in [venv, *venv.rglob("*")]:
            os.chown(path, owner.st_uid, owner.st_gid, follow_symlinks=False)
    if subprocess.run([*prefix, str(python), "-c", probe], env=env, check=False).returncode:
        raise SystemExit(f"run.py: {python} cannot import mutmut and oas_program")
    return str(python)


def environment(workdir: Path) -> dict[str, str]:
    """A small environment: no credentials, a home and temporary directory in the copy."""
    temporary = workdir / "tmp"
    temporary.mkdir(exist_ok=True)
    keep = ("PATH", "LANG", "LC_ALL", "TZ")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(HOME=str(workdir), TMPDIR=str(temporary), PYTHONHASHSEED="0")
    return env


# ---- mutmut ---------------------------------------------------------------------------------


def mutmut_config(module: str, tests: list[str]) -> str:
    """The `[tool.mutmut]` table of the copy: the project's, narrowed to one module."""
    listed = ", ".join(json.dumps(test) for test in tests)
    return (
        "[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        'also_copy = ["docs", "schemas", "examples", "README.md"]\n'
        f"only_mutate = [{json.dumps(module)}]\n"
        f"pytest_add_cli_args_test_selection = [{listed}]\n"
        'process_isolation = "forkserver"\n'
        "use_git_change_detection = false\n"
    )


def narrow_config(tree: Path, module: str, tests: list[str]) -> None:
    pyproject = tree / "pyproject.toml"
    lines = pyproject.read_text(encoding="utf-8").splitlines(keepends=True)
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("["):
            skipping = line.strip() == "[tool.mutmut]"
        if not skipping:
            kept.append(line)
    text = "".join(kept).rstrip("\n") + "\n\n" + mutmut_config(module, tests)
    pyproject.write_text(text, encoding="utf-8")


def run_mutmut(args: argparse.Namespace, module: str, tests: list[str]) -> int:
    workdir = Path(args.workdir or Path(tempfile.gettempdir()) / "oas-program-mutation")
    workdir = workdir / Path(module).stem
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    tree = copy_tree(workdir)
    narrow_config(tree, module, tests)
    env = environment(workdir)
    prefix = [*unprivileged(args.user, workdir), "nice", "-n", "19"]
    python = interpreter(prefix, workdir, env)
    command = [*prefix, python, "-m", "mutmut", "run", "--max-children", "1", *args.mutants]
    print("+", " ".join(command), f"(in {tree})", flush=True)
    status = subprocess.run(command, cwd=tree, env=env, check=False).returncode
    if status != 0:
        print(f"run.py: mutmut exited {status}", file=sys.stderr)
        return status
    return report_mutmut(tree, module, [*prefix, python], env, workdir / "report.md", args.mutants)


def report_mutmut(
    tree: Path,
    module: str,
    prefix: list[str],
    env: dict[str, str],
    report: Path,
    patterns: list[str],
) -> int:
    meta = json.loads((tree / "mutants" / (module + ".meta")).read_text(encoding="utf-8"))
    codes: dict[str, int | None] = meta["exit_code_by_key"]
    if patterns:  # only the mutants asked for were run
        codes = {
            name: code
            for name, code in codes.items()
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
        }
    killed = sorted(name for name, code in codes.items() if code in KILLED)
    survived = sorted(name for name, code in codes.items() if code in SURVIVED)
    untested = sorted(name for name, code in codes.items() if code in NO_TESTS)
    other = sorted(set(codes) - set(killed) - set(survived) - set(untested))
    total = len(codes)
    score = 100 * len(killed) / total if total else 100.0
    lines = [
        f"# {module}: {len(killed)} of {total} mutants killed ({score:.1f} %)",
        "",
        f"survived: {len(survived)}, no tests: {len(untested)}, other: {len(other)}",
        "",
    ]
    for name in [*survived, *untested, *other]:
        shown = subprocess.run(
            [*prefix, "-m", "mutmut", "show", name],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        lines += [f"## {name} (exit {codes[name]})", "", "```diff", shown.strip(), "```", ""]
    report.write_text("\n".join(lines), encoding="utf-8")
    print(lines[0])
    print(lines[2])
    print(f"report: {report}")
    return 0


# ---- command line ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help=f"one of {', '.join(MODULES)}, or a path under src/")
    parser.add_argument("--tests", nargs="+", help="test files or node ids that matter")
    parser.add_argument("--grammar", action="store_true", help="module-level regexes and tables")
    parser.add_argument(
        "--mutants",
        nargs="+",
        default=[],
        help="only these mutants (mutmut names with * globs; --grammar: parts of names)",
    )
    parser.add_argument("--user", default="nobody", help="who runs the mutants when root")
    parser.add_argument("--workdir", help="where the copy goes (default: the temp directory)")
    args = parser.parse_args(argv)
    module, tests = module_and_tests(args.module, args.tests)
    if args.grammar:
        from grammar import run_grammar  # mutation/grammar.py, beside this file

        return run_grammar(args, module, tests)
    return run_mutmut(args, module, tests)


if __name__ == "__main__":
    sys.exit(main())
