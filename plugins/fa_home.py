"""What the home page says about each served database: how much is in it.

A reader arriving at the site should learn at once what this build holds:
how many articles, from which publishers, over which dates, how many
people and bodies they name, and where to start.  The figures are counted
from the database itself, so a build of five articles and one of fifty
thousand each describe themselves.  Tables that describe the build
(data/display.yaml, ``build``) are listed apart from the data tables.
"""

from urllib.parse import urlencode

from datasette import hookimpl

from plugins.fa_cells import row_url
from plugins.fa_i18n import is_build_table, table_order

NEWEST = 5
PUBLISHERS = 12


async def _count(db, table):
    return (await db.execute(f"select count(*) from [{table}]")).first()[0]


async def summary(datasette, name):
    """The figures the home page shows for the database ``name``, or None if it is not this dataset."""
    db = datasette.get_database(name)
    if not (await db.table_exists("articles") and await db.table_exists("paragraphs")):
        return None
    dates = (await db.execute(
        "select count(*), min(published_date), max(published_date), count(distinct publisher) from articles")).first()
    found = {
        "database": name,
        "articles": dates[0],
        "first_date": dates[1],
        "last_date": dates[2],
        "outlets": dates[3],
        "paragraphs": await _count(db, "paragraphs"),
        "people": None,
    }
    if all([await db.table_exists(t) for t in ("people", "organisations", "mentions")]):
        found.update({t: await _count(db, t) for t in ("people", "organisations", "mentions")})
    table_url = datasette.urls.table(name, "articles")
    found["publishers"] = [
        {"name": row["publisher"], "articles": row["n"],
         "url": table_url + "?" + (urlencode({"publisher": row["publisher"]}) if row["publisher"] else "publisher__isnull=1")}
        for row in (await db.execute(
            f"select publisher, count(*) as n from articles group by publisher order by n desc, publisher limit {PUBLISHERS}")).rows
    ]
    found["newest"] = [
        {"title": row["title"] or row["id"], "date": row["published_date"], "url": row_url(datasette, name, "articles", row["id"])}
        for row in (await db.execute(
            f"select id, title, published_date from articles order by published_date is null, published_date desc, id limit {NEWEST}")).rows
    ]
    names = await db.table_names()
    hidden = set(await db.hidden_table_names())
    visible = [t for t in names if t not in hidden]
    ordered = table_order(visible)
    found["tables"] = [
        {"name": t, "count": await _count(db, t), "url": datasette.urls.table(name, t)}
        for t in ordered if not is_build_table(t)
    ]
    found["build_tables"] = [
        {"name": t, "count": await _count(db, t), "url": datasette.urls.table(name, t)}
        for t in ordered if is_build_table(t)
    ]
    return found


@hookimpl
def extra_template_vars(template, datasette):
    if template != "index.html":
        return {}

    async def inner():
        summaries = []
        for name in datasette.databases:
            if name != "_internal":
                found = await summary(datasette, name)
                if found:
                    summaries.append(found)
        return {"build_summaries": summaries}

    return inner
