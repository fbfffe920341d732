"""Name a linked row by its id when its label is empty.

Datasette shows a foreign key as the linked row's label column (an
article's ``title``) followed by its id.  An article with no headline has
a NULL title, and Datasette 0.65 then prints the word "None" as its name,
in table cells and in facets alike («None 003_67594997d190f86c»).  A row
whose label is NULL is named by its id alone instead, as a table with no
label column is.
"""

from datasette import hookimpl


def labels_or_ids(labels):
    """``{(column, id): label}`` with every missing label replaced by its id.

    >>> labels_or_ids({("article_id", "003"): None, ("article_id", "004"): "عنوان"})
    {('article_id', '003'): '003', ('article_id', '004'): 'عنوان'}
    """
    return {key: key[1] if label is None else label for key, label in labels.items()}


@hookimpl
def startup(datasette):
    expand_foreign_keys = datasette.expand_foreign_keys

    async def expand_foreign_keys_or_ids(database, table, column, values):
        return labels_or_ids(await expand_foreign_keys(database, table, column, values))

    datasette.expand_foreign_keys = expand_foreign_keys_or_ids
