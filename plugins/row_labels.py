"""Name a linked row by its id when its label is empty.

Datasette shows a foreign key as the linked row's label column (an
article's ``title``) followed by its id.  An article with no headline has
a NULL title, and Datasette then prints the word "None" as its name
(«None 003_67594997d190f86c»).  In table and row pages, a cell whose
linked row has no label is drawn here (``render_cell``) as a link named
by the id alone, as Datasette draws a link to a table with no label
column; facets show the id (templates/_facet_results.html).  JSON keeps
Datasette's ``{"value": …, "label": null}``.
"""

from markupsafe import Markup

from datasette import hookimpl

from plugins.fa_cells import row_url


def unlabelled_link(datasette, database, table, value):
    """A link to the row a foreign key ``value`` (``{"value", "label"}``) points to, named by its id.

    None unless ``value`` is an expanded foreign key whose label is missing.
    """
    if not isinstance(value, dict) or set(value) != {"value", "label"} or value["label"] is not None:
        return None
    return Markup('<a href="{}">{}</a>').format(row_url(datasette, database, table, value["value"]), value["value"])


# {(id of the Datasette, database, table): {column: the table it links to}}, read once a table:
# a page of paragraphs of one untitled article would otherwise ask for them once a row.
_LINKS = {}


async def _other_table(datasette, database, table, column):
    key = (id(datasette), database, table)
    if key not in _LINKS:
        db = datasette.get_database(database)
        _LINKS[key] = {fk["column"]: fk["other_table"] for fk in await db.foreign_keys_for_table(table)}
    return _LINKS[key].get(column)


@hookimpl
def render_cell(value, column, table, database, datasette):
    if not table or not isinstance(value, dict) or value.get("label", "") is not None:
        return None

    async def inner():
        other = await _other_table(datasette, database, table, column)
        return unlabelled_link(datasette, database, other, value) if other else None

    return inner()
