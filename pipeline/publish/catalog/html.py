"""The HTML both catalog pages share: escaping, relative links, the style, the page shell and the
small Markdown of the data dictionary, so index.html and rows.html look alike and escape alike.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from pipeline.publish import svgcharts

INDEX_NAME = "index.html"
ROWS_NAME = "rows.html"     # the row browser: the only page that runs a script
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"   # no script runs on the catalog
STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;line-height:1.45;overflow-wrap:anywhere}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}h1{font-size:1.6rem;margin:.5rem 0}h2{margin-top:2.2rem;border-bottom:2px solid #ddd}
nav ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}
a{color:#0b5cad}code,.hash{font-family:ui-monospace,monospace;font-size:.85em}.hash{color:#555;display:block}
.lede{font-size:1.05rem;max-width:48rem}.coverage{background:#f4f7fb;border-radius:.4rem;padding:.6rem .8rem}
.downloads{display:grid;grid-template-columns:repeat(auto-fill,minmax(12.5rem,1fr));gap:.8rem;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:.5rem;padding:.6rem .8rem}.card h3{margin:.1rem 0 .3rem;font-size:1.05rem}
.card p{margin:.2rem 0}.card.all{background:#f0f7ee;border-color:#9ac49a}
.button{display:inline-block;background:#0b5cad;color:#fff;text-decoration:none;border-radius:.3rem;padding:.3rem .7rem;
margin:.3rem 0 .1rem;font-weight:600}.button:focus,.button:hover{background:#084a8c}
.cite{white-space:pre-wrap;background:#f6f6f6;padding:.6rem;border-radius:.3rem;font-size:.85rem;margin:.3rem 0}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;
vertical-align:top}th{overflow-wrap:normal}thead th{background:#f3f3f3}td.num{text-align:right}.scroll{overflow-x:auto;max-width:100%}
figure{margin:1.2rem 0}figure svg{max-width:100%;height:auto;display:block}figcaption{font-weight:600}
.note{color:#555;font-size:.9rem}.quote{max-width:36rem}details{margin:.4rem 0}summary{cursor:pointer}
.latest{background:#e7f5e7;border-radius:.25rem;padding:0 .3rem;font-size:.85em}
article.release{border-top:1px solid #ddd;padding-top:.3rem;margin-top:1rem}
ul.changed li{margin:.3rem 0}.old{color:#a40000;text-decoration:line-through}.new{color:#006b00}
#rb-form{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;margin:.5rem 0}
#rb-form .field{display:flex;flex-direction:column;font-size:.9rem}#rb-form input,#rb-form select,#rb-form button{
font:inherit;padding:.25rem .4rem;max-width:100%}#rb-q{width:18rem;max-width:100%}
#rb-rows{width:100%;font-size:.92rem}#rb-rows td,#rb-rows th{overflow-wrap:normal}#rb-rows td.quote{min-width:20rem}#rb-rows td.src small{display:block;color:#555}#rb-rows th[scope=row]{font-weight:600;background:none}
@media (max-width:40rem){
header,main,footer{padding:0 .6rem}h1{font-size:1.3rem}
#rb-rows,#rb-rows tbody,#rb-rows tr,#rb-rows td,#rb-rows th[scope=row]{display:block;width:100%}
#rb-rows thead{position:absolute;left:-9999px}#rb-rows tr{border:1px solid #ccc;border-radius:.4rem;margin:.6rem 0;
padding:.3rem}#rb-rows td,#rb-rows th[scope=row]{border:none;padding:.1rem .2rem}
#rb-rows td::before{content:attr(data-label) ": ";font-weight:600;color:#555}
}
"""


esc = svgcharts.esc  # any value as HTML text, also safe inside quoted attributes


def href(*parts: str) -> str:
    """A relative link, each part URL-quoted, ready for an attribute."""
    return esc("/".join(quote(p) for p in parts))


# --- the data dictionary as HTML ----------------------------------------------------

def inline_markdown(text: str) -> str:
    """`code` and **bold** on escaped text; nothing else is markup."""
    parts = text.split("`")
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"<code>{esc(part)}</code>")
        else:
            out.append(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", esc(part)))
    return "".join(out)


def _table_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def markdown_to_html(md: str) -> str:
    """The small Markdown the data dictionary uses: headings, pipe tables, lists, paragraphs."""
    out: list[str] = []
    lines = md.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line:
            i += 1
        elif m := re.match(r"(#{1,6})\s+(.*)", line):
            level = len(m.group(1))
            out.append(f"<h{level}>{inline_markdown(m.group(2))}</h{level}>")
            i += 1
        elif line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            body = [row for row in block[1:] if not re.fullmatch(r"[\s|:-]+", row)]
            head = "".join(f"<th>{inline_markdown(c)}</th>" for c in _table_cells(block[0]))
            rows = "".join("<tr>" + "".join(f"<td>{inline_markdown(c)}</td>" for c in _table_cells(r)) + "</tr>"
                           for r in body)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif re.match(r"[-*]\s", line):
            items = []
            while i < len(lines) and re.match(r"[-*]\s", lines[i]):
                items.append(f"<li>{inline_markdown(lines[i][2:].strip())}</li>")
                i += 1
            out.append(f"<ul>{''.join(items)}</ul>")
        else:
            para = []
            while i < len(lines) and lines[i].strip() and not re.match(r"(#|\||[-*]\s)", lines[i]):
                para.append(lines[i].strip())
                i += 1
            out.append(f"<p>{inline_markdown(' '.join(para))}</p>")
    return "\n".join(out)


# --- the page shell -----------------------------------------------------------------

def document_html(title: str, nav: str, main: str, csp: str, script: str) -> str:
    """One page of the catalog: its header, ``main`` and footer under ``csp``."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{esc(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{esc(title)}</h1>
<p class="lede">Events, estimates and budgets about the cocaine trade and the fight against it, each row with the
sentence it came from and the article it is quoted from. Every release is immutable; each table comes as Parquet
(exact values) and CSV.</p>
{nav}
</header>
<main>
{main}
</main>
<footer><p class="note">Made by <code>pipeline/publish/catalog/</code> from the release folders; the same releases give the
same page.</p></footer>
{script}
</body>
</html>
"""
