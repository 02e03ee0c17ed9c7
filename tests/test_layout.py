"""The package's layout: stages as subpackages, data flowing one way, word lists as data."""

from __future__ import annotations

import ast
import re
import tomllib

from conftest import ROOT

STAGES = [
    "core",
    "resources",
    "ingest",
    "extract",
    "resolve",
    "rdf",
    "query",
    "store",
    "view",
    "export",
    "serve",
    "builder",
    "cli",
]
"""Lowest first: a module may import its own stage and those before it, never one after."""
PACKAGE = ROOT / "kg"


def _stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return STAGES.index(parts[1])
    return STAGES.index("cli")  # the notebook facade (kg, kg.knowledge_graph): a front, like the CLI


def _imports() -> list[tuple[str, str, int]]:
    """(module, imported kg module, line) for every import, inside functions and TYPE_CHECKING too."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                target = next((t for t in reversed(targets) if _is_module(t)), node.module)
                found.append((module, target, node.lineno))
            elif isinstance(node, ast.ImportFrom) and node.level:
                raise AssertionError(f"{path}:{node.lineno}: relative import; use kg.<stage>.<module>")
            elif isinstance(node, ast.Import):
                found += [(module, a.name, node.lineno) for a in node.names if a.name.split(".")[0] == "kg"]
    return found


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_a_stage_never_imports_a_later_one():
    upward = [
        f"{module} (line {line}) imports {target}"
        for module, target, line in _imports()
        if target != "kg" and _stage(target) > _stage(module)
    ]
    assert upward == []
    assert len(_imports()) > 100  # the scan saw the package's imports
    into_cli = {module for module, target, _ in _imports() if target.startswith("kg.cli") and module != "kg.__main__"}
    assert {m for m in into_cli if not m.startswith("kg.cli")} == set()  # one front never calls the other


def test_the_top_of_the_package_is_a_small_facade():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8 and "knowledge_graph.py" in top
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(STAGES)


WORD = re.compile(r"^[A-Za-z][A-Za-z' -]*$")


def test_no_word_list_of_eight_or_more_words_in_python(nlp):
    """English word lists live in ontology/lexicon/ (or the gazetteer), never in code.  Lists of
    the parser's own labels (dependency relations) describe its output, not English, and stay."""
    labels = {"ROOT"} | {label for name in ("parser", "tagger", "ner") for label in nlp.get_pipe(name).labels}
    lists = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exports = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Assign) and _names(n) == ["__all__"]}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Set, ast.List, ast.Tuple)) and id(node) not in exports:
                words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                english = [w for w in words if WORD.match(w) and w not in labels]
                if len(english) >= 8:
                    lists.append(f"{path.relative_to(ROOT)}:{node.lineno}: {english[:4]}...")
    assert lists == []


def _names(assign: ast.Assign) -> list[str]:
    return [t.id for t in assign.targets if isinstance(t, ast.Name)]


def test_the_version_is_stated_once_for_the_package_and_once_for_the_code():
    import kg

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert kg.__version__ == project["version"]


def test_every_subpackage_and_the_ontology_ship_in_the_wheel():
    """pyproject lists the packages by hand (to map ontology/ to kg/ontology), so a new stage
    must be added there or a wheel would lack it."""
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert on_disk | {"kg.ontology"} == set(setup["packages"])
    assert setup["package-dir"]["kg.ontology"] == "ontology"
