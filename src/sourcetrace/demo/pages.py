"""Render a demo article as a full web page, with the boilerplate real sites carry.

Navigation, tickers, "read more" boxes and footers are there on purpose: the HTML
reader has to find the article among them, as it must on real news sites.
"""

from __future__ import annotations

import html
from datetime import datetime
from urllib.parse import urlsplit

from sourcetrace.demo.articles import Article

NAV = {
    "en": ["Home", "War", "Politics", "Economy", "Opinion", "Video", "Podcasts"],
    "de": ["Startseite", "Politik", "Ausland", "Wirtschaft", "Meinung", "Videos"],
    "ru": ["Главная", "Спецоперация", "Политика", "Экономика", "Видео"],
}
FOOTER = {
    "en": ("All rights reserved.", "Privacy policy", "Terms of use", "Contact the newsroom",
           "Subscribe to our morning briefing"),
    "de": ("Alle Rechte vorbehalten.", "Datenschutz", "Impressum", "Kontakt",
           "Unseren Newsletter abonnieren"),
    "ru": ("Все права защищены.", "Политика конфиденциальности", "Условия", "Контакты",
           "Подписаться на рассылку"),
}
READ_MORE = {"en": "Read more", "de": "Mehr zum Thema", "ru": "Читайте также"}
BY = {"en": "By", "de": "Von", "ru": "Автор:"}


def human_date(published: str) -> str:
    """A byline date such as ``26 December 2023, 09:40`` (locale-free on purpose)."""
    dt = datetime.fromisoformat(published)
    return dt.strftime("%d %B %Y, %H:%M").lstrip("0")


def site_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def body_html(art: Article) -> str:
    """Paragraphs as ``<p>``; a paragraph starting ``## `` becomes a subheading."""
    out = []
    for para in art.paragraphs:
        if para.startswith("## "):
            out.append(f"<h2>{html.escape(para[3:], quote=False)}</h2>")
        else:
            out.append(f"<p>{html.escape(para, quote=False)}</p>")
    return "\n".join(out)


def render_page(art: Article, related: list[Article]) -> str:
    """The whole page for one article, with ``related`` headlines in a sidebar."""
    lang = art.language if art.language in NAV else "en"
    esc = html.escape
    root = site_root(art.url)
    nav = "".join(f'<li><a href="{root}/{i}">{esc(n)}</a></li>' for i, n in enumerate(NAV[lang]))
    rights, privacy, terms, contact, subscribe = FOOTER[lang]
    authors = ", ".join(art.authors)
    byline = (f'<p class="byline">{BY[lang]} <span class="author">{esc(authors)}</span> | '
              f'<time datetime="{esc(art.published)}">{human_date(art.published)}</time></p>'
              if authors else
              f'<p class="byline"><time datetime="{esc(art.published)}">{human_date(art.published)}</time></p>')
    rel = "".join(f'<li><a href="{esc(r.url)}">{esc(r.title)}</a></li>' for r in related)
    summary = art.paragraphs[0] if art.paragraphs else ""
    if len(summary) > 200:
        summary = summary[:197].rsplit(" ", 1)[0] + "..."
    year = art.published[:4]
    author_meta = f'<meta name="author" content="{esc(authors)}">\n' if authors else ""
    return f"""<!DOCTYPE html>
<html lang="{esc(art.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(art.title)} | {esc(art.outlet)}</title>
<meta name="description" content="{esc(summary)}">
<meta property="og:site_name" content="{esc(art.outlet)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(art.title)}">
<meta property="og:url" content="{esc(art.url)}">
<meta property="article:published_time" content="{esc(art.published)}">
{author_meta}<meta name="sourcetrace:demo-id" content="{esc(art.id)}">
<link rel="canonical" href="{esc(art.url)}">
<link rel="stylesheet" href="{root}/static/site.css">
</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. <button>OK</button></div>
<header class="site-header">
<a class="logo" href="{root}/">{esc(art.outlet)}</a>
<nav class="main-nav"><ul>{nav}</ul></nav>
<form class="search" action="{root}/search"><input name="q" placeholder="Search"></form>
</header>
<main class="page">
<article class="story">
<h1>{esc(art.title)}</h1>
{byline}
<div class="story-body">
{body_html(art)}
</div>
<div class="share">Share: <a href="#">Telegram</a> <a href="#">X</a> <a href="#">Facebook</a></div>
</article>
<aside class="related"><h3>{READ_MORE[lang]}</h3><ul>{rel}</ul></aside>
</main>
<footer class="site-footer">
<p>&copy; {year} {esc(art.outlet)}. {rights}</p>
<p><a href="{root}/privacy">{privacy}</a> | <a href="{root}/terms">{terms}</a> | <a href="{root}/contact">{contact}</a></p>
<p class="newsletter">{subscribe}</p>
</footer>
</body>
</html>
"""
