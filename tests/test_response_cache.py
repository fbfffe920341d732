"""The response cache: repeated GETs are answered from memory, unchanged."""

import pytest

DB = "iran_cyberspace"


@pytest.mark.asyncio
async def test_repeated_requests_get_identical_responses(datasette):
    url = f"/{DB}/paragraphs.json?_facet=kind&_size=5"
    first = await datasette.client.get(url)
    second = await datasette.client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.headers["content-type"] == second.headers["content-type"]


@pytest.mark.asyncio
async def test_errors_and_requests_with_cookies_are_not_cached(datasette):
    missing = await datasette.client.get(f"/{DB}/no_such_table")
    assert missing.status_code == 404
    cookie = await datasette.client.get(f"/{DB}/articles.json", cookies={"ds_actor": "x"})
    assert cookie.status_code == 200


def test_cache_keeps_only_recent_entries():
    import asyncio

    from plugins import response_cache

    calls = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    cache = response_cache.ResponseCache(app)
    sent = []

    async def send(message):
        sent.append(message)

    async def get(path):
        await cache({"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}, None, send)

    async def run():
        original = response_cache.MAX_ENTRIES
        response_cache.MAX_ENTRIES = 2
        try:
            for path in ["/a", "/a", "/b", "/c", "/a"]:
                await get(path)
        finally:
            response_cache.MAX_ENTRIES = original

    asyncio.run(run())
    # /a is computed, then served from memory; /b and /c push it out; then it is computed again.
    assert calls == ["/a", "/b", "/c", "/a"]
    assert [m["body"] for m in sent if m["type"] == "http.response.body"] == [b"/a", b"/a", b"/b", b"/c", b"/a"]


def test_simultaneous_requests_for_one_page_compute_it_once():
    import asyncio

    from plugins import response_cache

    calls = []

    async def slow_app(scope, receive, send):
        calls.append(scope["path"])
        await asyncio.sleep(0.05)
        status = 200 if scope["path"] == "/page" else 400
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    cache = response_cache.ResponseCache(slow_app)

    async def get(path):
        sent = []

        async def send(message):
            sent.append(message)

        await cache({"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}, None, send)
        return [m["status"] if m["type"] == "http.response.start" else m["body"] for m in sent]

    async def run():
        return await asyncio.gather(*[get("/page") for _ in range(10)], *[get("/error") for _ in range(3)])

    answers = asyncio.run(run())
    assert answers[:10] == [[200, b"/page"]] * 10
    assert answers[10:] == [[400, b"/error"]] * 3
    # The page was computed once for ten readers; an error is never kept, so each asker gets its own.
    assert calls.count("/page") == 1 and calls.count("/error") == 3


def test_cache_is_bounded_in_bytes():
    import asyncio

    from plugins import response_cache

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x" * 100_000})

    cache = response_cache.ResponseCache(app)

    async def send(message):
        pass

    async def run():
        original = response_cache.MAX_CACHE_BYTES
        response_cache.MAX_CACHE_BYTES = 1_000_000
        try:
            for i in range(50):
                scope = {"type": "http", "method": "GET", "path": f"/{i}", "query_string": b"", "headers": []}
                await cache(scope, None, send)
                assert cache.bytes <= response_cache.MAX_CACHE_BYTES
        finally:
            response_cache.MAX_CACHE_BYTES = original

    asyncio.run(run())
    # Nine responses of 100 kB (and their keys and headers) fit in 1 MB; the newest are kept.
    assert len(cache.entries) == 9 and ("/49", b"") in cache.entries and ("/0", b"") not in cache.entries
    assert cache.bytes == sum(size for _, _, size in cache.entries.values())


def test_requests_get_the_configured_site_address():
    import asyncio

    from plugins import response_cache

    seen = []

    async def app(scope, receive, send):
        seen.append((scope["scheme"], dict(scope["headers"])))

    site = response_cache.SiteAddress(app, "https://news.example.org")
    headers = [(b"host", b"evil.example"), (b"x-forwarded-proto", b"http"), (b"x-forwarded-host", b"evil.example"),
               (b"forwarded", b"host=evil.example"), (b"accept", b"text/html")]
    asyncio.run(site({"type": "http", "scheme": "http", "headers": headers}, None, None))
    assert seen == [("https", {b"host": b"news.example.org", b"accept": b"text/html"})]
