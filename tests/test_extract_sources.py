"""Reports from where analysts keep them: Telegram Desktop exports, RSS/Atom feeds, HTML articles."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from frontline.errors import InputError
from frontline.extract import extract_events
from frontline.sources import articles as articles_module
from frontline.sources import read_article, read_feed, read_source, read_telegram_export

from .http_server import serve
from .test_cli import assert_one_line_error, run

DAY = date(2024, 5, 10)

EXPORT = {
    "name": "Харків сьогодні",
    "type": "public_channel",
    "id": 1500600700,
    "messages": [
        {"id": 1, "type": "service", "date": "2024-05-09T07:00:00", "action": "create_channel", "text": ""},
        {
            "id": 2,
            "type": "message",
            "date": "2024-05-10T08:15:00",
            "from": "Харків сьогодні",
            "text": "Російські війська обстріляли Вовчанськ з артилерії, повідомив Олег Синєгубов.",
        },
        {
            "id": 3,
            "type": "message",
            "date": "2024-05-10T09:40:00",
            "edited": "2024-05-10T09:55:00",
            "forwarded_from": "Генштаб ЗСУ",
            "text": [
                {"type": "bold", "text": "⚡️ Сили оборони"},
                " відбили атаки противника біля ",
                {"type": "hashtag", "text": "#Липці"},
                ". Тривають бої біля Глибокого.",
            ],
        },
        {"id": 4, "type": "message", "date": "2024-05-10T10:00:00", "text": "", "photo": "photos/1.jpg"},
        {"id": 5, "type": "message", "date": "2024-05-10T10:05:00", "text": 42},
        {"id": 6, "type": "message", "date": "not a date", "text": "Обстріл Харкова."},
        "a string where a message should be",
    ],
}


def test_telegram_export_reads_posts_and_says_what_it_skipped() -> None:
    batch = read_telegram_export(EXPORT, url="https://t.me/kharkiv_today")
    assert [r.report_id for r in batch.reports] == ["telegram:1500600700:2", "telegram:1500600700:3"]
    first, second = batch.reports
    assert (first.source, first.url, first.date) == ("Харків сьогодні", "https://t.me/kharkiv_today/2", DAY)
    assert second.text.startswith("⚡️ Сили оборони відбили атаки противника біля #Липці.")
    assert second.forwarded_from == "Генштаб ЗСУ"
    # the service message and the photo alone are not reports and not problems; the odd shapes are
    assert batch.skipped == [
        "Харків сьогодні message 5: text is int, not text or a list of parts",
        "Харків сьогодні message 6: date 'not a date' is not an ISO date",
        "Харків сьогодні message #6: is str, not a message object",
    ]


def test_a_whole_account_export_and_a_non_export() -> None:
    account = {"about": "…", "chats": {"list": [EXPORT, {"name": "Empty", "id": 1, "messages": []}]}}
    assert len(read_telegram_export(account).reports) == 2
    with pytest.raises(InputError, match="not a Telegram Desktop export"):
        read_telegram_export({"version": 1})
    with pytest.raises(InputError, match="not a Telegram Desktop export"):
        read_telegram_export([1, 2])


def test_telegram_events_carry_channel_link_and_provenance(embedded) -> None:
    batch = read_telegram_export(EXPORT, url="https://t.me/kharkiv_today")
    events = [e for r in batch.reports for e in extract_events(r, embedded, timestamp=0)]
    vovchansk = next(e for e in events if e.location == "Vovchansk")
    assert vovchansk.source == "Харків сьогодні"
    assert vovchansk.x_source_url == "https://t.me/kharkiv_today/2"
    assert vovchansk.x_claim_by == "Ukrainian local officials"
    forwarded = [e for e in events if e.x_report_id == "telegram:1500600700:3"]
    assert forwarded and all("Forwarded from Генштаб ЗСУ." in e.notes for e in forwarded)


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Eastline Wire</title><link>https://example.org/</link>
<item><guid>https://example.org/a/1</guid><link>https://example.org/a/1</link>
<title>Missiles hit Kharkiv</title><pubDate>Fri, 10 May 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Russian missiles struck Kharkiv overnight, the mayor said.&lt;/p&gt;
</description></item>
<item><guid>https://example.org/a/2</guid><title></title><pubDate>Fri, 10 May 2024 09:00:00 GMT</pubDate>
<description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>General Staff of Ukraine</title><id>urn:gs</id>
<updated>2024-05-10T06:00:00Z</updated>
<entry><id>urn:gs:1</id><title>Operational update</title><updated>2024-05-10T06:00:00Z</updated>
<link href="https://example.org/gs/1"/>
<content type="html">&lt;p&gt;Defence forces repelled attacks near Vovchansk.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_feeds() -> None:
    batch = read_feed(RSS.encode(), where="wire.xml")
    (report,) = batch.reports
    assert report.text == "Missiles hit Kharkiv\n\nRussian missiles struck Kharkiv overnight, the mayor said."
    assert (report.source, report.url, report.date) == ("Eastline Wire", "https://example.org/a/1", DAY)
    assert batch.skipped == ["wire.xml entry https://example.org/a/2: no text"]
    (entry,) = read_feed(ATOM).reports
    assert (entry.source, entry.report_id, entry.url) == (
        "General Staff of Ukraine",
        "feed:urn:gs:1",
        "https://example.org/gs/1",
    )


def test_an_html_page_is_not_a_feed() -> None:
    with pytest.raises(InputError, match="not an RSS or Atom feed: it is an HTML page"):
        read_feed(b"<!doctype html><html><body><p>Hello</p></body></html>", where="feed.xml")


ARTICLE = """<!doctype html><html><head><title>Kupiansk shelled | Eastline</title>
<meta property="og:site_name" content="Eastline Wire">
<meta property="article:published_time" content="2024-05-09T10:00:00Z">
<link rel="canonical" href="https://example.org/kupiansk"></head>
<body><nav><a href="/">Home</a> | <a href="/war">War</a> | <a href="/about">About</a></nav>
<article><h1>Kupiansk shelled</h1>
<p>Russian forces shelled Kupiansk on Thursday, damaging a school and several houses, the regional
governor said. Nobody was killed, according to the regional military administration.</p>
<p>Residents said the shelling lasted for about two hours and that power was cut in the centre of the town.
Repair crews were working to restore electricity on Friday morning.</p></article>
<aside class="related"><h3>Related stories</h3><p>Russian troops advance near Avdiivka</p></aside>
<footer>© Eastline Wire. All rights reserved.</footer></body></html>"""


def test_html_article_main_text_and_metadata(embedded) -> None:
    (report,) = read_article(ARTICLE, where="kupiansk.html").reports
    assert "Avdiivka" not in report.text and "Home" not in report.text
    assert "shelled Kupiansk on Thursday" in report.text
    assert (report.date, report.source, report.url) == (
        date(2024, 5, 9),
        "Eastline Wire",
        "https://example.org/kupiansk",
    )
    assert {e.location for e in extract_events(report, embedded, timestamp=0)} == {"Kupiansk"}


def test_html_article_falls_back_to_selectolax(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    text = articles_module.article_text(ARTICLE)
    assert "shelled Kupiansk on Thursday" in text and "Avdiivka" not in text


def test_a_page_without_main_text_is_one_skipped_line() -> None:
    batch = read_article("<html><body><nav>Home | War | About</nav></body></html>", where="menu.html")
    assert (batch.reports, batch.skipped) == ([], ["menu.html: no main text found — not an article"])


def test_read_source_picks_the_reader(tmp_path: Path) -> None:
    export = tmp_path / "result.json"
    export.write_text(json.dumps(EXPORT, ensure_ascii=False), encoding="utf-8")
    feed = tmp_path / "wire.rss"
    feed.write_text(RSS, encoding="utf-8")
    page = tmp_path / "kupiansk.html"
    page.write_text(ARTICLE, encoding="utf-8")
    text = tmp_path / "note.txt"
    text.write_text("Russian forces shelled Kharkiv.", encoding="utf-8")
    kinds = {
        p.name: read_source(p, default_date=DAY).reports[0].report_id for p in (export, feed, page, text)
    }
    assert kinds["result.json"].startswith("telegram:")
    assert kinds["wire.rss"] == "feed:https://example.org/a/1"
    assert kinds["kupiansk.html"] == "https://example.org/kupiansk"
    assert len(kinds["note.txt"]) == 16  # a hash of source and text


@pytest.mark.slow
def test_geoparse_reads_an_export_and_a_page_as_extract_does(tmp_path: Path) -> None:
    """`frontline geoparse` reads a Telegram export post by post and an HTML page's article, in one
    process as with --workers; a page that gives no date of its own takes --date, which it names."""
    export = tmp_path / "result.json"
    export.write_text(json.dumps(EXPORT, ensure_ascii=False), encoding="utf-8")
    proc = run("geoparse", str(export))
    assert proc.returncode == 0, proc.stderr.decode()
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in out] == ["telegram:1500600700:2", "telegram:1500600700:3"]
    assert out[0]["location"]["name"] == "Vovchansk" and out[0]["date"] == "2024-05-10"
    assert proc.stderr.decode().count("skipped") == 3  # messages 5, 6 and the string
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><nav>Home | Kharkiv news</nav><article><h1>Drones hit Sumy</h1><p>Russian drones "
        "struck Sumy overnight, the regional administration said.</p></article>"
        "<footer>Sponsored by Kyiv Bank</footer></body></html>",
        encoding="utf-8",
    )
    assert_one_line_error(run("geoparse", str(page)), "gives no date", "--date")
    proc = run("geoparse", str(page), "--date", "2024-05-10")
    assert proc.returncode == 0, proc.stderr.decode()
    (record,) = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [p["name"] for p in record["places"]] == ["Sumy", "Sumy"]  # not the menu's or the footer's


def test_geoparse_date_is_the_day_of_records_that_give_none() -> None:
    """--date steers the namesakes of records without a date of their own, as their own date would."""
    text = "Shelling near Pokrovske"  # many villages are so called: the front of 2015 is not that of 2024
    record = (json.dumps({"id": 1, "text": text}) + "\n").encode()
    located = {}
    for day in ("2015-03-01", "2024-03-01"):
        dated = run("geoparse", stdin=(json.dumps({"id": 1, "text": text, "date": day}) + "\n").encode())
        undated = run("geoparse", "--date", day, stdin=record)
        assert dated.returncode == undated.returncode == 0, undated.stderr.decode()
        assert json.loads(dated.stdout)["location"] == json.loads(undated.stdout)["location"]
        assert "date" not in json.loads(undated.stdout)  # the record is written back as it came
        located[day] = json.loads(undated.stdout)["location"]["geonameid"]
    assert located["2015-03-01"] != located["2024-03-01"]


def test_extract_telegram_export_and_feed_url_store_once(tmp_path: Path) -> None:
    export = tmp_path / "result.json"
    export.write_text(json.dumps(EXPORT, ensure_ascii=False), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.xml").write_text(RSS, encoding="utf-8")
    (site / "page.xml").write_text(
        "<!doctype html><html><body><p>Not a feed</p></body></html>", encoding="utf-8"
    )
    store = tmp_path / "events.gpkg"
    with serve(site) as base:
        args = ["extract", str(export), base + "feed.xml", "--store", str(store)]
        first = run(*args)
        assert first.returncode == 0, first.stderr.decode()
        err = first.stderr.decode()
        # one line per skipped item, with its id: three messages and the feed's empty entry
        assert err.count("skipped") == 4 and "message 5:" in err and "message 6:" in err
        assert "entry https://example.org/a/2: no text" in err
        again = run(*args)
        assert again.returncode == 0, again.stderr.decode()
        out = again.stdout.decode()
        assert " 0 new, 0 merged with events already stored" in out, out
        bad = run("extract", base + "page.xml", "--date", "2024-05-10", "--store", str(store))
    assert_one_line_error(bad, "not an RSS or Atom feed")
