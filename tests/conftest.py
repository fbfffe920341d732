"""Shared fixtures: a database built from the seeds, and a Datasette for it."""

import os
import shutil
from pathlib import Path

import pytest

from build.pipeline import build_database

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# Real news for tests and benchmarks, kept outside the repository.
REAL_CORPORA = Path(os.environ.get("REAL_CORPORA", ROOT.parent / "shared" / "corpora"))


def require_real_corpora():
    """The folder of real corpora; skip the test without it, fail under CI=true."""
    if (REAL_CORPORA / "irnews.jsonl").is_file():
        return REAL_CORPORA
    message = f"the real corpora are not at {REAL_CORPORA} (set REAL_CORPORA to their folder)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def seed_db_path(tmp_path_factory):
    """The seed articles built into a fresh database (once per test run)."""
    path = tmp_path_factory.mktemp("db") / "iran_cyberspace.db"
    build_database(SEEDS, path)
    return path


@pytest.fixture(scope="session")
def seed_db(seed_db_path):
    import sqlite_utils

    return sqlite_utils.Database(seed_db_path)


@pytest.fixture
def seeds_copy(tmp_path):
    """A writable copy of seeds/ for tests that add bad files."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def make_datasette(db_path, site_dir=None):
    """A Datasette configured exactly as `make serve` configures it: from the configuration directory of deploy/site.py."""
    from datasette.app import Datasette

    from deploy.site import assemble

    return Datasette(config_dir=assemble(db_path, site_dir))


@pytest.fixture(scope="session")
def datasette(seed_db_path):
    return make_datasette(seed_db_path)


def facet_results(data):
    """``{column: facet}`` from a table's JSON: Datasette 1.0 puts them under ``results``, beside ``timed_out``."""
    facets = data["facet_results"]
    if "timed_out" in facets and isinstance(facets.get("results"), dict):
        return facets["results"]
    return facets


def served_databases(data):
    """The list of ``/-/databases.json``: Datasette 1.0 wraps it as ``{"ok": true, "databases": [...]}``."""
    return data["databases"] if isinstance(data, dict) else data


def dashboards_work():
    """False where datasette-dashboards cannot run: its newest release (0.8.0) calls
    ``Datasette.permission_allowed``, which Datasette 1.0 replaced with ``allowed``."""
    from datasette.app import Datasette

    return hasattr(Datasette, "permission_allowed")


# A test of the charts' pages: expected to fail where datasette-dashboards cannot run.
needs_dashboards = pytest.mark.xfail(not dashboards_work(), strict=True,
                                     reason="datasette-dashboards 0.8.0 does not run on Datasette 1.0 (permission_allowed)")
