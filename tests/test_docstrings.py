"""The examples in the docstrings are true: each is run as a doctest."""

import doctest
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import datasette.app  # noqa: F401  (see PLUGINS)
import pytest

import bench
import build

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    m.name
    for package in (build, bench)
    for m in pkgutil.iter_modules(package.__path__, package.__name__ + ".")
    if not m.name.endswith("__main__")
]
# Plugins are run as Datasette runs them, after datasette.app is imported.
# A plugin importing datasette.handle_exception first would make Datasette
# register that module half-imported (it imports the plugin manager, which
# registers it), without its error handler, and break every error page in
# the tests that follow.
PLUGINS = sorted((ROOT / "plugins").glob("*.py"))


def run_examples(module):
    """Run ``module``'s docstring examples; return (failed, attempted)."""
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)
    return result.failed, result.attempted


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name):
    failed, _ = run_examples(importlib.import_module(name))
    assert failed == 0


@pytest.mark.parametrize("path", PLUGINS, ids=[p.stem for p in PLUGINS])
def test_plugin_examples(path):
    spec = importlib.util.spec_from_file_location(f"plugin_examples_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    failed, _ = run_examples(module)
    assert failed == 0


def test_the_examples_are_found():
    # A module list that came out empty would pass every test above.
    attempted = sum(run_examples(importlib.import_module(name))[1] for name in MODULES)
    assert len(MODULES) > 15 and attempted > 10
