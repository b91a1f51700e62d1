"""The import contract of the package (tests/layers.py): no module imports a layer above its own, only the site
layer imports MkDocs, no two packages import each other, and the architecture page shows the same table."""

from __future__ import annotations

from pathlib import Path

from tests.layers import (
    DOCS,
    LAYERS,
    PACKAGE,
    TABLE_END,
    TABLE_START,
    Layer,
    package_cycles,
    read_imports,
    render_layer_table,
    site_generator_imports,
    unplaced_units,
    upward_imports,
)


def test_every_module_of_the_package_has_a_layer() -> None:
    assert unplaced_units(PACKAGE) == [], "add it to LAYERS in tests/layers.py, then run python -m tests.layers --write"


def test_no_module_imports_a_layer_above_its_own() -> None:
    wrong = upward_imports(PACKAGE)
    assert wrong == [], "\n".join(["imports against the layer order (tests/layers.py):", *wrong])


def test_only_the_site_layer_imports_mkdocs() -> None:
    wrong = site_generator_imports(PACKAGE)
    assert wrong == [], "\n".join(wrong)


def test_no_two_packages_import_each_other() -> None:
    assert package_cycles(PACKAGE) == []


def test_the_package_root_imports_nothing_of_trustsite() -> None:
    # every layer may `import trustsite` (for its folder): the root must therefore bring in no layer
    assert [i.target for i in read_imports(PACKAGE / "__init__.py", PACKAGE) if i.target.startswith("trustsite")] == []


def test_the_architecture_page_shows_the_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    generated = text.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0]
    assert generated == "\n" + render_layer_table(), "run: PYTHONPATH=hooks python -m tests.layers --write"


# ---------------------------------------------------------------- the check can fail: a small package of its own

SMALL = (Layer("shared", ("errors",), ""), Layer("model", ("model",), ""), Layer("render", ("render",), ""),
         Layer("site", ("site",), ""))


def small_package(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "trustsite"
    for name, text in {"__init__.py": "", "errors.py": "", "model/__init__.py": "", "render/__init__.py": "",
                       "site/__init__.py": "", **files}.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    return package


def test_an_upward_import_is_reported_with_its_file_line_and_layers(tmp_path: Path) -> None:
    package = small_package(tmp_path, {
        "render/context.py": "import trustsite.model.base\nfrom trustsite.errors import Problem\n",
        "model/base.py": "from __future__ import annotations\n"
                         "from typing import TYPE_CHECKING\n"
                         "if TYPE_CHECKING:\n"
                         "    from trustsite.render.context import Context\n"
                         "def late():\n"
                         "    from ..render import context\n"
                         "    from trustsite import site\n"
                         "    from . import base\n",
        "errors.py": "import trustsite.model.base as base\n",
    })
    assert upward_imports(package, SMALL, shown_from=tmp_path) == [
        "trustsite/errors.py:1: trustsite.errors imports trustsite.model.base (layer model above shared)",
        "trustsite/model/base.py:4: trustsite.model.base imports trustsite.render.context (layer render above model)",
        "trustsite/model/base.py:6: trustsite.model.base imports trustsite.render (layer render above model)",
        "trustsite/model/base.py:7: trustsite.model.base imports trustsite.site (layer site above model)",
    ]


def test_a_clean_small_package_passes(tmp_path: Path) -> None:
    package = small_package(tmp_path, {"site/plugin.py": "import mkdocs.plugins\nfrom trustsite.render import x\n",
                                       "render/x.py": "from .. import model\nfrom trustsite.errors import Problem\n"})
    assert upward_imports(package, SMALL, shown_from=tmp_path) == []
    assert site_generator_imports(package, shown_from=tmp_path) == []
    assert package_cycles(package, shown_from=tmp_path) == []


def test_mkdocs_below_the_site_layer_is_reported(tmp_path: Path) -> None:
    package = small_package(tmp_path, {"render/x.py": "def f():\n    from material.plugins import search\n",
                                       "model/y.py": "import mkdocs_static_i18n\n"})
    assert site_generator_imports(package, shown_from=tmp_path) == [
        "trustsite/model/y.py:1: trustsite.model.y imports mkdocs_static_i18n (only the site layer imports the site "
        "generator)",
        "trustsite/render/x.py:2: trustsite.render.x imports material.plugins (only the site layer imports the site "
        "generator)",
    ]


def test_two_packages_of_one_layer_importing_each_other_are_a_cycle(tmp_path: Path) -> None:
    layers = (Layer("shared", ("errors", "safety"), ""), *SMALL[1:])
    package = small_package(tmp_path, {"errors.py": "from trustsite.safety.text import for_terminal\n",
                                       "safety/__init__.py": "", "safety/links.py": "from trustsite.errors import P\n"})
    assert upward_imports(package, layers, shown_from=tmp_path) == []  # the layer order alone allows it
    assert package_cycles(package, shown_from=tmp_path) == [
        "trustsite/errors.py:1: errors imports safety, and trustsite/safety/links.py:1: safety imports errors"]


def test_a_module_in_no_layer_and_a_stale_table_entry_are_reported(tmp_path: Path) -> None:
    package = small_package(tmp_path, {"stray.py": ""})
    layers = (*SMALL, Layer("gone", ("gone",), ""))
    assert unplaced_units(package, layers) == ["stray: in no layer", "gone: in the table, but not in the package"]


def test_the_table_names_every_layer_once() -> None:
    units = [unit for layer in LAYERS for unit in layer.units]
    assert len(units) == len(set(units))
    assert len({layer.name for layer in LAYERS}) == len(LAYERS)
