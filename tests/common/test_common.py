"""The shared helpers: atomic writes, hashing, inert Markdown, reading a manifest."""
from __future__ import annotations

import hashlib
import html
import json

import markdown_it
import pytest

from pipeline.common import escaping, files, hashing, package


def test_write_atomically_replaces_the_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old")
    files.write_atomically(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_replacing_keeps_the_old_file_when_the_writer_fails(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with files.replacing(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_temporary_names_are_hidden_and_unique(tmp_path):
    a, b = files.temporary_sibling(tmp_path / "x"), files.temporary_sibling(tmp_path / "x")
    assert a != b and a.name.startswith(files.TMP_PREFIX) and a.parent == tmp_path


def test_hashes_agree_for_bytes_text_and_file(tmp_path):
    data = "Ñandú 40,000 ha".encode()
    (tmp_path / "f").write_bytes(data)
    expected = hashlib.sha256(data).hexdigest()
    assert hashing.sha256_bytes(data) == hashing.sha256_text("Ñandú 40,000 ha") == hashing.sha256_file(tmp_path / "f") == expected


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "[x](javascript:alert(1))", "*bold* _it_ `code`",
                                     "| a | b |\nnext row", "# heading", "![img](x.png)", "&lt;b&gt;"])
def test_markdown_text_renders_as_the_same_literal_text(hostile):
    rendered = markdown_it.MarkdownIt().enable("table").renderInline(escaping.markdown_text(hostile))
    assert rendered == html.escape(escaping.one_line(hostile), quote=False).replace('"', "&quot;")


def test_markdown_text_cuts_long_values_and_shows_non_text_as_json():
    assert escaping.markdown_text("x" * 10, limit=5) == "xxxx…"
    assert escaping.markdown_text(None) == "null" and escaping.markdown_text([1, 2]) == "\\[1, 2\\]"


def test_markdown_code_and_fence_cannot_be_closed_from_inside():
    span = escaping.markdown_code("a `` b")
    assert span.startswith("```") and span.endswith("```")
    assert escaping.markdown_fence("x ```` y") == "`````" and escaping.markdown_fence("plain") == "```"


def test_markdown_cell_never_ends_a_cell():
    assert "|" not in escaping.markdown_cell("a | b") and html.unescape(escaping.markdown_cell("a_|_b")) == "a_|_b"
    assert escaping.markdown_cell(None) == ""


def test_read_package_or_empty(tmp_path):
    assert package.read_package_or_empty(None) == {} and package.read_package_or_empty(tmp_path) == {}
    (tmp_path / package.MANIFEST).write_text("{not json")
    assert package.read_package_or_empty(tmp_path) == {}
    with pytest.raises(ValueError):
        package.read_package(tmp_path)
    (tmp_path / package.MANIFEST).write_text(json.dumps({"name": "x"}))
    assert package.read_package(tmp_path) == {"name": "x"}
