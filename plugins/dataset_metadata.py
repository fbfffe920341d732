"""Apply this dataset's metadata to any database built by the same build.

metadata.yml describes the database ``iran_cyberspace``.  Datasette names
a database after its file, so ``make serve DB=/path/other.db`` would serve
``other`` without descriptions, facets or label columns.  This hook gives
every served database that has the dataset's tables the same metadata.
"""

import copy

from datasette import hookimpl

DATASET = "iran_cyberspace"


@hookimpl
def get_metadata(datasette, key, database, table):
    local = getattr(datasette, "_metadata_local", None) or {}
    template = (local.get("databases") or {}).get(DATASET)
    if not template:
        return {}
    others = {name: copy.deepcopy(template) for name in datasette.databases if name not in (DATASET, "_internal")}
    return {"databases": others} if others else {}
