"""The site is served from a Datasette configuration directory, and its plugins use Datasette's public interfaces.

deploy/site.py makes the directory; ``make serve``, deploy/public.py, the
benchmarks and the tests serve it.  These tests check that it holds what
Datasette's configuration directory mode reads, that Datasette serves it
immutable with the settings of settings.json, and that no plugin reaches
into Datasette's private attributes or replaces its methods.
"""

import ast
import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_datasette, served_databases
from deploy.public import datasette_command
from deploy.site import assemble, datasette_major, split_config

DB = "iran_cyberspace"
PLUGINS = sorted((ROOT / "plugins").glob("*.py"))
# What plugins may import from Datasette: its documented plugin interfaces.
PUBLIC_IMPORTS = {
    "datasette": {"hookimpl"},
    "datasette.version": {"__version__"},
    "datasette.utils": {"tilde_encode", "tilde_decode"},
    "datasette.utils.asgi": {"Response", "Base400"},
    "datasette.views.base": {"DatasetteError"},
    "datasette.database": {"QueryInterrupted"},
}
# The one exception, explained in its docstring: Datasette offers no way to
# keep its own error handler from printing rich tracebacks.
PRIVATE_ALLOWED = {"quiet_errors.py": {("datasette", "handle_exception")}}


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", PLUGINS, ids=lambda p: p.name)
def test_plugins_use_no_private_attributes(path):
    """No ``x._name`` except on the plugin's own objects (``self``), no ``getattr(x, "_name")``."""
    source = path.read_text(encoding="utf-8")
    assert "_metadata_local" not in source
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            assert isinstance(node.value, ast.Name) and node.value.id == "self", (
                f"{path.name}:{node.lineno} reads the private attribute .{node.attr}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr", "hasattr"):
            if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
                assert not node.args[1].value.startswith("_"), f"{path.name}:{node.lineno} {node.func.id} of a private name"


@pytest.mark.parametrize("path", PLUGINS, ids=lambda p: p.name)
def test_plugins_import_only_public_parts_of_datasette(path):
    allowed = PRIVATE_ALLOWED.get(path.name, set())
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "datasette" for a in node.names), f"{path.name}:{node.lineno}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "datasette":
            for alias in node.names:
                assert alias.name in PUBLIC_IMPORTS.get(node.module, set()) or (node.module, alias.name) in allowed, (
                    f"{path.name}:{node.lineno} imports {alias.name} from {node.module}")


@pytest.mark.parametrize("path", PLUGINS, ids=lambda p: p.name)
def test_plugins_replace_nothing_of_datasette(path):
    """No plugin assigns to an attribute of Datasette or of one of its modules."""
    imported = {alias.asname or alias.name for node in ast.walk(_tree(path)) if isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("datasette") for alias in node.names}
    exceptions = {"default_error_pages"} if path.name in PRIVATE_ALLOWED else set()
    for node in ast.walk(_tree(path)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                base = target.value.id
                assert base not in ({"datasette", "ds", "db", "app"} | imported) - exceptions, (
                    f"{path.name}:{node.lineno} replaces {base}.{target.attr}")


def test_the_directory_holds_what_datasette_reads(seed_db_path, tmp_path):
    site = assemble(seed_db_path, tmp_path / "site")
    database = site / f"{DB}.db"
    assert database.is_symlink() and database.resolve() == Path(seed_db_path).resolve()
    for folder in ("plugins", "templates", "static"):
        assert (site / folder).is_dir() and (site / folder).resolve() == (ROOT / folder).resolve()
    inspect = json.loads((site / "inspect-data.json").read_text())
    assert inspect[DB]["file"] == f"{DB}.db"
    metadata = yaml.safe_load((site / "metadata.yml").read_text(encoding="utf-8"))
    settings = json.loads((ROOT / "settings.json").read_text())
    if datasette_major() >= 1:
        config = yaml.safe_load((site / "datasette.yaml").read_text(encoding="utf-8"))
        assert config["settings"] == settings and not (site / "settings.json").exists()
        assert "search" in config["databases"][DB]["queries"]
        assert "plugins" not in metadata and "queries" not in metadata["databases"][DB]
        assert config["databases"][DB]["tables"]["articles"]["label_column"] == "title"
    else:
        assert json.loads((site / "settings.json").read_text()) == settings
        assert not (site / "datasette.yaml").exists()
        assert "search" in metadata["databases"][DB]["queries"]
    assert metadata["databases"][DB]["tables"]["articles"]["description"]


def test_configuration_is_split_as_datasette_1_reads_it():
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    kept, config = split_config(metadata, {"sql_time_limit_ms": 1000})
    assert config["settings"] == {"sql_time_limit_ms": 1000}
    assert config["plugins"] == metadata["plugins"] and config["extra_css_urls"] == metadata["extra_css_urls"]
    assert config["databases"][DB]["queries"] == metadata["databases"][DB]["queries"]
    assert config["databases"][DB]["tables"]["paragraphs"]["facets"] == metadata["databases"][DB]["tables"]["paragraphs"]["facets"]
    assert "facets" not in kept["databases"][DB]["tables"]["paragraphs"]
    assert kept["title"] == metadata["title"] and kept["databases"][DB]["tables"]["paragraphs"]["description"]


@pytest.mark.asyncio
async def test_served_immutable_with_the_settings_of_settings_json(datasette):
    databases = served_databases((await datasette.client.get("/-/databases.json")).json())
    served = [d for d in databases if d["name"] == DB]
    assert served and served[0]["is_mutable"] is False
    settings = (await datasette.client.get("/-/settings.json")).json()
    for name, value in json.loads((ROOT / "settings.json").read_text()).items():
        assert settings[name] == value, name


@pytest.mark.asyncio
async def test_another_database_is_served_under_its_own_name(seed_db_path, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(seed_db_path, other)
    ds = make_datasette(other, tmp_path / "site")
    assert [d["name"] for d in served_databases((await ds.client.get("/-/databases.json")).json())] == ["other"]
    response = await ds.client.get("/other/search.json", params={"q": "تامین", "_shape": "array"})
    assert response.status_code == 200 and response.json()


def test_servers_are_started_from_the_directory_not_flags(seed_db_path, tmp_path):
    command = datasette_command(seed_db_path, 8123, site_dir=tmp_path / "site")
    assert command[1:3] == ["serve", str(tmp_path / "site")]
    assert not any(arg.startswith("--") and arg not in ("-h", "-p") for arg in command)
    for path in [ROOT / "Makefile", ROOT / "deploy" / "public.py", ROOT / "bench" / "loadtest.py",
                 ROOT / "tests" / "test_browser.py"]:
        text = path.read_text(encoding="utf-8")
        assert "--setting" not in text and "--metadata" not in text and "--plugins-dir" not in text, path.name
