"""The site in Persian first, English beside it: interface text, labels, numbers.

Datasette writes its pages in English.  This site's templates (templates/)
ask this plugin for every piece of interface text, and the text itself is
data:

- ``data/i18n.yaml``: interface strings in Persian and English;
- ``data/labels.yaml``: Persian names of tables and columns, and of the
  codes columns store (``lede``, ``news agency``): pages show the label,
  SQL, JSON and CSV keep the code;
- ``data/display.yaml``: which columns are internal (hidden from HTML
  tables by default), which come first, which hold JSON lists, which
  tables describe the build, which column names a row.

The language is Persian unless the address says ``?_lang=en`` (or a
``lang=en`` cookie set by ``/-/lang``).  In Persian, numbers a reader
reads (counts, cells holding integers) are written with Persian digits;
ids, dates in ISO form and code stay as they are, isolated left to right.

Everything reaches the templates through documented hooks:
``extra_template_vars`` (``t``, ``lang``, labels, column order, the
site's licence and source for every page) and
``prepare_jinja2_environment`` (the ``num`` filter).
"""

import fnmatch
import functools
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import yaml
from markupsafe import Markup, escape

from datasette import hookimpl
from datasette.utils.asgi import Response

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

LANGUAGES = ("fa", "en")
DEFAULT = "fa"
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@functools.lru_cache(maxsize=None)
def data(name):
    """The YAML file ``data/<name>.yaml``, read once."""
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))


def language(request):
    """``fa`` or ``en`` for a request: ``?_lang=``, then the ``lang`` cookie, then Persian."""
    if request is None:
        return DEFAULT
    asked = request.args.get("_lang") or request.cookies.get("lang")
    return asked if asked in LANGUAGES else DEFAULT


def digits(text, lang):
    """``text`` with ASCII digits written as Persian ones when ``lang`` is ``fa``.

    >>> digits("2024", "fa"), digits("2024", "en")
    ('۲۰۲۴', '2024')
    """
    return str(text).translate(_PERSIAN_DIGITS) if lang == "fa" else str(text)


def num(value, lang, grouping=True):
    """A number as a reader reads it: grouped thousands, Persian digits in Persian.

    Floats that hold whole numbers are written without a fraction.

    >>> num(12345, "fa"), num(12345, "en"), num(2.0, "fa"), num(0.5, "en")
    ('۱۲٬۳۴۵', '12,345', '۲', '0.5')
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}" if grouping else str(value)
    else:
        text = str(value)
    if lang == "fa":
        text = text.replace(",", "٬").replace(".", "٫")
    return digits(text, lang)


def translate(key, lang, **values):
    """The interface string ``key`` in ``lang``, ``{name}`` filled from ``values``.

    Numbers are written as :func:`num` writes them; a missing key shows the
    key itself, so a page never breaks for want of a translation.

    >>> translate("rows", "fa", n=1200), translate("rows", "en", n=1200)
    ('۱٬۲۰۰ سطر', '1,200 rows')
    """
    entry = data("i18n").get(key)
    text = entry.get(lang) or entry.get(DEFAULT) if entry else key
    filled = {k: num(v, lang) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for k, v in values.items()}
    if any(isinstance(v, Markup) for v in filled.values()):
        return Markup(escape(text).format(**filled))
    return text.format(**filled) if filled else text


def _label(entry, lang):
    return entry.get(lang) or entry.get(DEFAULT) if entry else None


def table_label(table, lang):
    """A table's name for readers, or the table's own name when it has none."""
    return _label(data("labels")["tables"].get(table), lang) or table


def column_label(column, lang):
    """A column's name for readers, or the column's own name when it has none."""
    return _label(data("labels")["columns"].get(column), lang) or column


def value_labels(table, column):
    """``{code: {fa, en}}`` for a column that stores codes, or None."""
    values = data("labels")["values"]
    return values.get(f"{table}.{column}") if table else values.get(column)


def value_label(table, column, value, lang):
    """The label of a stored code, or None when the column holds no codes.

    >>> value_label("paragraphs", "kind", "lede", "fa"), value_label("paragraphs", "text", "x", "fa")
    ('لید', None)
    """
    labels = value_labels(table, column)
    if not labels or not isinstance(value, str) or value not in labels:
        return None
    return _label(labels[value], lang)


def _matches(column, patterns):
    return any(fnmatch.fnmatchcase(column, pattern) for pattern in patterns)


def is_internal(column):
    """True for columns the build uses that a reader does not read (text_raw, *_folded).

    >>> is_internal("text_folded"), is_internal("text_raw"), is_internal("text")
    (True, True, False)
    """
    return _matches(column, data("display")["internal"])


def is_ltr(column):
    """True for columns holding ids and codes, always shown left to right."""
    return _matches(column, data("display")["ltr"])


def is_list(column):
    """True for columns holding a JSON list of strings."""
    return column in data("display")["lists"]


def is_secondary(column):
    """True for provenance columns (``publisher_source``, ``sha256`` …) left out of table pages' rows."""
    return _matches(column, data("display")["secondary"])


def column_order(table, names, show_internal=False, row_page=False):
    """Indices of ``names`` in display order: configured first, hidden ones dropped.

    Internal columns are dropped unless ``show_internal``; secondary ones
    too, except on a row's own page.  Columns are found by name, so a
    column the table gains later keeps its place after the configured ones.

    >>> column_order("articles", ["id", "n_words", "published_date", "title", "title_folded"])
    [0, 3, 2, 1]
    >>> column_order("articles", ["id", "sha256", "title_folded"]), column_order("articles", ["id", "sha256"], row_page=True)
    ([0], [0, 1])
    >>> column_order("articles", ["id", "title_folded"], show_internal=True)
    [0, 1]
    """
    first = data("display")["first"].get(table, [])
    indices = [
        i for i, name in enumerate(names)
        if show_internal or not (is_internal(name) or (is_secondary(name) and not row_page))
    ]
    rank = {name: position for position, name in enumerate(first)}
    return sorted(indices, key=lambda i: (rank.get(names[i], len(rank)), i))


def hidden_columns(names):
    """The columns among ``names`` a table page leaves out by default."""
    return [name for name in names if is_internal(name) or is_secondary(name)]


def row_title_columns(table):
    """The columns, in order of preference, that name a row of ``table``."""
    return data("display")["row_title"].get(table, [])


def table_order(names):
    """``names`` with the tables a reader starts from first (data/display.yaml ``start``).

    >>> table_order(["roles", "build_info", "articles", "zz"])
    ['articles', 'roles', 'build_info', 'zz']
    """
    start = {name: i for i, name in enumerate(data("display")["start"])}
    return sorted(names, key=lambda name: (start.get(name, len(start)), name))


def _name(table):
    """A table's name, from a dict (Datasette 0.65) or a ``DatabaseTable`` (1.0)."""
    return table["name"] if isinstance(table, dict) else table.name


def in_table_order(tables):
    """The database page's ``tables`` in the order of :func:`table_order`."""
    order = table_order([_name(t) for t in tables])
    return sorted(tables, key=lambda t: order.index(_name(t)))


def is_build_table(table):
    """True for the tables that describe the build, not the data."""
    return table in data("display")["build"]


def json_list(value):
    """A JSON list of strings as a Python list, or None for anything else.

    >>> json_list('["سردار", "دکتر"]'), json_list('[]'), json_list('x')
    (['سردار', 'دکتر'], [], None)
    """
    if not isinstance(value, str) or not value.startswith("["):
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return None
    if isinstance(items, list) and all(isinstance(item, str) for item in items):
        return items
    return None


def mark_matches(text, query):
    """``text`` escaped, with the words a search for ``query`` matched in ``<mark>``.

    Words side by side are one mark, as on the search page.

    >>> str(mark_matches("سازمان <پدافند غیرعامل>", "پدافند غیرعامل"))
    'سازمان &lt;<mark>پدافند غیرعامل</mark>&gt;'
    """
    from build.search_query import match_spans
    from plugins.fa_search_page import merge_adjacent

    pieces, cursor = [], 0
    for start, end in merge_adjacent(text, match_spans(text, query)):
        if start < cursor:
            continue
        pieces += [escape(text[cursor:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)


def cell_html(table, column, raw, rendered, lang, search=None):
    """What a table cell shows: a code's label, a list, a number, or Datasette's rendering.

    ``rendered`` is what Datasette and the other plugins made of the value
    (a link, marked mentions); it is kept whenever it is more than the
    value itself.
    """
    plain = isinstance(rendered, str) and not isinstance(rendered, Markup) or rendered == raw
    if search and isinstance(raw, str) and column in data("display")["searched"]:
        return mark_matches(raw, search)
    label = value_label(table, column, raw, lang)
    if label is not None:
        return Markup('<span class="code-label" title="{}">{}</span>').format(raw, label)
    items = json_list(raw) if is_list(column) else None
    if items is not None:
        if not items:
            return Markup('<span class="empty-list">–</span>')
        return Markup('<ul class="value-list">{}</ul>').format(
            Markup("").join(Markup("<li>{}</li>").format(item) for item in items)
        )
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and plain:
        return Markup("<bdi>{}</bdi>").format(num(raw, lang, grouping="year" not in column and "position" not in column))
    if is_ltr(column) and isinstance(rendered, Markup) and "<em>" in rendered:
        # A foreign key: the label, then the id, which must keep its order.
        return Markup(str(rendered).replace("<em>", '<bdi dir="ltr"><em>').replace("</em>", "</em></bdi>"))
    if is_ltr(column) and raw not in (None, ""):
        return Markup('<bdi dir="ltr">{}</bdi>').format(rendered)
    return rendered


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def shown_value(rendered):
    """The value behind a query cell Datasette 1.0 renders as text (it gives no raw rows): numbers read back.

    >>> shown_value("12"), shown_value("1.5"), shown_value("x12")
    (12, 1.5, 'x12')
    """
    if isinstance(rendered, str) and not isinstance(rendered, Markup) and _NUMBER.fullmatch(rendered):
        return float(rendered) if "." in rendered else int(rendered)
    return rendered


def with_lang(request, lang):
    """The current address with ``_lang`` set to ``lang`` (removed for the default)."""
    if request is None:
        return "/"
    args = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True) if k != "_lang"]
    if lang != DEFAULT:
        args.append(("_lang", lang))
    return request.path + ("?" + urlencode(args) if args else "")


def _first_letter_is_persian(text):
    """True if the first letter of ``text`` is Arabic script (Persian)."""
    letter = next((ch for ch in text if ch.isalpha()), "")
    return "\u0600" <= letter <= "\u06ff" or "\ufb50" <= letter <= "\ufefc"


def in_language(text, lang):
    """The part of a bilingual text "English · فارسی" in ``lang``; other texts unchanged.

    >>> in_language("Articles · خبرها", "fa"), in_language("Articles · خبرها", "en"), in_language("x", "fa")
    ('خبرها', 'Articles', 'x')
    >>> in_language("Type a name (غیب‌پرور). · نام را بنویسید.", "fa")
    'نام را بنویسید.'

    """
    if not isinstance(text, str) or " · " not in text:
        return text
    parts = text.split(" · ")
    persian = [p for p in parts if _first_letter_is_persian(p)]
    other = [p for p in parts if p not in persian]
    chosen = persian if lang == "fa" else other
    return " · ".join(chosen) if chosen else text


def site_database(datasette):
    """The served database that holds the dataset: the first one served."""
    for name in datasette.databases:
        if name != "_internal":
            return name
    return None


async def site_metadata(datasette):
    """The top-level licence, source and about, shown in every page's footer.

    Datasette 1.0 keeps metadata in its internal database
    (``get_instance_metadata``); 0.65 in memory (``metadata()``).
    """
    if hasattr(datasette, "get_instance_metadata"):
        meta = await datasette.get_instance_metadata()
    else:
        meta = datasette.metadata() or {}
    return {key: meta.get(key) for key in ("license", "license_url", "source", "source_url", "about", "about_url")}


@hookimpl
def prepare_jinja2_environment(env, datasette):
    """The ``num`` and ``fa_digits`` filters, and Persian defaults for pages
    rendered without plugin variables (Datasette's own error handler)."""
    from jinja2 import pass_context

    @pass_context
    def num_filter(context, value, grouping=True):
        return num(value, context.get("lang", DEFAULT), grouping)

    @pass_context
    def digits_filter(context, value):
        return digits(value, context.get("lang", DEFAULT))

    env.filters["num"] = num_filter
    env.filters["fa_digits"] = digits_filter
    env.globals.update(template_vars(None, datasette))


@hookimpl
def extra_template_vars(request, datasette):
    async def inner():
        return dict(template_vars(request, datasette), site_metadata=await site_metadata(datasette))

    return inner


def template_vars(request, datasette):
    """What every template may use: ``t``, ``lang``, labels, column order, the site's metadata."""
    lang = language(request)
    show_internal = bool(request and request.args.get("_internal"))

    def t(key, **values):
        return translate(key, lang, **values)

    def t_or(key, default):
        """The string ``key`` if the table has it, else ``default`` (a filter's own symbol, say)."""
        return translate(key, lang) if key in data("i18n") else default

    return {
        "lang": lang,
        "text_dir": "rtl" if lang == "fa" else "ltr",
        "other_lang": "en" if lang == "fa" else "fa",
        "other_lang_url": with_lang(request, "en" if lang == "fa" else "fa"),
        "t": t,
        "t_or": t_or,
        "table_label": lambda name: table_label(name, lang),
        "column_label": lambda name: column_label(name, lang),
        "value_label": lambda tbl, column, value: value_label(tbl, column, value, lang),
        "cell_html": lambda tbl, column, raw, rendered, search=None: cell_html(tbl, column, raw, rendered, lang, search),
        "column_order": lambda tbl, names, row_page=False: column_order(tbl, list(names), show_internal, row_page),
        "hidden_columns": hidden_columns,
        "show_internal": show_internal,
        "internal_toggle_url": _toggle_internal_url(request, show_internal),
        "is_build_table": is_build_table,
        "in_table_order": in_table_order,
        "shown_value": shown_value,
        "is_ltr": is_ltr,
        "row_title_columns": row_title_columns,
        "site_metadata": {},
        "site_db": site_database(datasette),
        "in_lang": lambda text: in_language(text, lang),
    }


def _toggle_internal_url(request, show_internal):
    if request is None:
        return None
    args = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True) if k != "_internal"]
    if not show_internal:
        args.append(("_internal", "1"))
    return request.path + ("?" + urlencode(args) if args else "")


async def set_language(request):
    """``/-/lang?to=en&next=/path``: remember the reader's language in a cookie."""
    lang = request.args.get("to")
    target = request.args.get("next") or "/"
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = Response.redirect(target)
    if lang in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


@hookimpl
def register_routes():
    return [(r"^/-/lang$", set_language)]
