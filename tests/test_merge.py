"""Merging: duplicates across inputs, and ``convert NEW --merge papers.bib`` on a user's .bib file.

The .bib files here are made by the converter from the listings in
``tests/data/merge/`` and then edited the way a user edits them (keys
renamed, titles corrected, fields added, ``@string``/``@comment`` blocks),
so the tests see exactly what a user's file looks like.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string

from sphinx_papers import readers
from sphinx_papers.bibtex.merge import merge_into_bib
from sphinx_papers.cli.main import main
from sphinx_papers.core.identity import is_newer, merge_papers, title_key
from sphinx_papers.core.model import Author, Paper, Source

DATA = Path(__file__).parent / "data" / "merge"
V1, V2 = DATA / "listing-v1.txt", DATA / "listing-v2.txt"
PREAMBLE = (
    '@string{facct = "ACM FAccT"}\n@preamble{"\\providecommand{\\noop}[1]{}"}\n@comment{My own papers.}\n\n'
)


def entries(text: str) -> dict[str, dict[str, str]]:
    """Key -> field name -> value (enclosing braces removed), as bibtexparser reads them."""
    library = parse_string(text)
    assert not library.failed_blocks
    return {e.key: {f.key: str(f.value) for f in e.fields} for e in library.entries}


def bib_entry(key: str, entry_type: str = "misc", newline: str = "\n", **fields: str) -> str:
    """A hand-written entry, one ``name = {value}`` field per line."""
    lines = [f"@{entry_type}{{{key},", *(f"  {name} = {{{value}}}," for name, value in fields.items()), "}"]
    return newline.join(lines) + newline


def raw_entries(text: str) -> dict[str, str]:
    """Key -> the entry's text exactly as it stands in the file."""
    return {e.key: e.raw or "" for e in parse_string(text, parse_stack=[]).entries}


@pytest.fixture
def user_bib(tmp_path: Path) -> Path:
    """listing-v1 converted, then edited by its user."""
    bib = tmp_path / "papers.bib"
    assert main(["convert", str(V1), "-o", str(bib)]) == 0
    text = bib.read_text(encoding="utf-8")
    text = text.replace("@misc{yu2025decision,", "@misc{Yu:FAccT,")  # a key of the user's own scheme
    text = text.replace("title = {Towards Community-Driven", "title = {Towards {Community-Driven}")
    text = text.replace(
        "  keywords = {cs.SE, cs.AI, cs.HC},\n",
        "  keywords = {cs.SE, cs.AI, cs.HC},\n  mynote   = {cite in ch. 2},\n",
    )
    bib.write_text(PREAMBLE + text, encoding="utf-8")
    return bib


def test_merge_keeps_user_edits_refreshes_and_adds(
    user_bib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before_text = user_bib.read_text(encoding="utf-8")
    before = raw_entries(before_text)
    capsys.readouterr()
    assert main(["convert", str(V2), "--merge", str(user_bib), "-o", str(user_bib)]) == 0
    *notes, wrote, summary = capsys.readouterr().err.splitlines()
    assert (wrote, summary) == (f"wrote 4 papers to {user_bib}", "merged: 1 added, 1 updated, 2 unchanged")
    # the merge that changed an entry is named at the entry, with the record merged into it
    line = before_text.count("\n", 0, before_text.index("{Yu:FAccT,")) + 1
    assert notes == [f"{user_bib}:{line}: 'Yu:FAccT' is the same paper as {V2}:2: merged, this entry first"]
    after_text = user_bib.read_text(encoding="utf-8")
    after, raw = entries(after_text), raw_entries(after_text)
    assert after_text.startswith(PREAMBLE)  # @string, @preamble, @comment untouched
    assert list(after)[:3] == list(before)  # order kept, new paper at the end
    # untouched entries are byte-identical, user edits included
    assert raw["chen2025code"] == before["chen2025code"]
    assert raw["li2025community"] == before["li2025community"]
    assert "mynote   = {cite in ch. 2}" in raw["chen2025code"]
    # the newer version refreshed the renamed entry's version fields, and nothing else
    updated = after["Yu:FAccT"]
    assert updated["updated"] == "2025-09-22"  # "Submitted 22 September, 2025; v1 submitted 1 August, 2025"
    assert updated["note"] == "Proceedings of FAccT 2026"  # the new journal reference
    assert updated["year"] == "2025"
    assert updated["month"] == "aug"  # year and month stay the first version's
    old_fields = entries(before_text)["Yu:FAccT"]
    assert {k: v for k, v in updated.items() if k in old_fields} == old_fields
    # the added paper got a fresh key, not clashing with any existing one
    (new_key,) = set(after) - set(before)
    assert after[new_key]["eprint"] == "2506.07976"
    assert after[new_key]["title"].startswith("Thinking vs. Doing")


def test_merge_is_idempotent(user_bib: Path, tmp_path: Path) -> None:
    once, twice = tmp_path / "once.bib", tmp_path / "twice.bib"
    assert main(["convert", str(V2), "--merge", str(user_bib), "-o", str(once)]) == 0
    assert main(["convert", str(V2), "--merge", str(once), "-o", str(twice)]) == 0
    assert twice.read_bytes() == once.read_bytes()


def _utf8_bib(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.glob("*.bib")):
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found.append(path)
    return found


#: every real UTF-8 .bib of the test data (and of the shared corpus's copy, tests/data/real-bib, when present)
REAL_BIB = sorted(
    {p.name: p for folder in ("real-bib", "bib") for p in _utf8_bib(DATA.parent / folder)}.values(),
    key=lambda p: p.name,
)


@pytest.mark.parametrize("source", REAL_BIB, ids=[p.name for p in REAL_BIB])
def test_merging_a_file_into_itself_changes_nothing(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Byte for byte, with its strings, preambles, comments and broken blocks; twice is once."""
    bib = tmp_path / source.name
    bib.write_bytes(source.read_bytes())
    assert main(["convert", str(source), "--merge", str(bib), "-o", str(bib)]) == 0
    assert bib.read_bytes() == source.read_bytes()
    assert main(["convert", str(source), "--merge", str(bib), "-o", str(bib)]) == 0
    assert bib.read_bytes() == source.read_bytes()
    summary = capsys.readouterr().err.splitlines()[-1]
    keys = {p.key for p in readers.read_path(source).papers}
    assert summary == f"merged: 0 added, 0 updated, {len(keys)} unchanged"


def test_a_listing_and_a_bib_with_macros_merge_and_convert_again_to_the_same_bytes(tmp_path: Path) -> None:
    """The .bib entry keeps its macros and case; the listing fills what it lacks; a second conversion is the first."""
    mine = tmp_path / "mine.bib"
    mine.write_text(
        '@String{facct = "ACM FAccT"}\n\n'
        + MINE.replace("@inproceedings{mykey,", "@InProceedings{mykey,\n  Booktitle2 = facct # { 2025},"),
        encoding="utf-8",
    )
    first, second = tmp_path / "first.bib", tmp_path / "second.bib"
    assert main(["convert", str(V2), str(mine), "-o", str(first)]) == 0
    assert main(["convert", str(first), "-o", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert text.count('@String{facct = "ACM FAccT"}') == 1
    assert "@InProceedings{mykey,\n  Booktitle2 = facct # { 2025},\n" in text
    assert "  archivePrefix = {arXiv},\n" in text  # filled from the listing, under the writer's name


def test_self_merge_of_a_converted_listing(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "seed.bib"
    assert main(["convert", str(seed_path), "-o", str(bib)]) == 0
    before = bib.read_bytes()
    assert main(["convert", str(bib), "--merge", str(bib), "-o", str(bib)]) == 0
    assert bib.read_bytes() == before
    assert capsys.readouterr().err.splitlines()[-1] == "merged: 0 added, 0 updated, 50 unchanged"
    assert main(["convert", str(seed_path), "--merge", str(bib), "-o", str(bib)]) == 0
    assert bib.read_bytes() == before


def test_new_keys_never_clash_with_existing_ones(tmp_path: Path) -> None:
    v2 = readers.read_path(V2).papers
    thinking = next(p for p in v2 if p.arxiv_id == "2506.07976")
    # an unrelated entry already holds the key the new paper would get
    existing = bib_entry(
        "shen2025thinking", "article", author="Shen, Ada", title="Thinking Machines", year="2025"
    )
    merged = merge_into_bib(existing, [thinking])
    (key,) = merged.new_keys
    assert key != "shen2025thinking"
    assert set(entries(merged.text)) == {"shen2025thinking", key}
    assert merged.text.startswith(existing)


@pytest.mark.parametrize(
    "fields",
    [
        "journal = {arXiv preprint arXiv:2508.00723}",  # Google Scholar
        "journal = {CoRR}, volume = {abs/2508.00723}, eprinttype = {arXiv}",  # DBLP
        "doi = {10.48550/arXiv.2508.00723}",  # arXiv's DataCite DOI
        "url = {http://arxiv.org/abs/2508.00723v1}",
        "eprint = {2508.00723}, archivePrefix = {arXiv}",
    ],
    ids=["scholar", "dblp", "datacite-doi", "url", "eprint"],
)
def test_foreign_exports_are_recognised_by_arxiv_id(fields: str) -> None:
    # a different title spelling: only the arXiv id can tell it is the same paper
    head = "@article{yu2025why,\n  title = {Why decision makers use AI},\n  author = {Yu, R.},\n"
    existing = f"{head}  {fields},\n}}\n"
    papers = readers.read_path(V2).papers
    merged = merge_into_bib(existing, papers[:1])
    assert merged.added == 0
    assert set(entries(merged.text)) == {"yu2025why"}
    assert entries(merged.text)["yu2025why"]["title"] == "Why decision makers use AI"


def test_a_users_journal_doi_is_kept_an_arxiv_doi_is_replaced() -> None:
    (paper,) = readers.read_path(V2).papers[:1]
    journal_doi = paper.replace(dois=("10.1145/3715275.3732001",))
    for old, expected in (
        ("10.1145/1234.5678", "10.1145/1234.5678"),
        ("10.48550/arXiv.2508.00723", "10.1145/3715275.3732001"),
    ):
        existing = bib_entry("k", title=paper.title, author="Yu, Rebecca", doi=old, version="1")
        merged = merge_into_bib(existing, [journal_doi.replace(version=2)])
        assert merged.updated == 1
        assert entries(merged.text)["k"]["doi"] == expected
        assert entries(merged.text)["k"]["version"] == "2"


def test_an_older_version_fills_missing_fields_but_not_the_version() -> None:
    (paper,) = readers.read_path(V1).papers[:1]
    existing = bib_entry("k", title=paper.title, author="Yu, Rebecca", updated="2025-09-22")
    merged = merge_into_bib(existing, [paper])
    assert merged.updated == 1
    fields = entries(merged.text)["k"]
    assert fields["updated"] == "2025-09-22" and "version" not in fields  # still the newer version's
    assert fields["eprint"] == "2508.00723"  # the paper's id, the same in every version
    assert fields["author"] == "Yu, Rebecca"
    assert merged.text.startswith(existing.rstrip("}\n"))  # the entry's own text untouched
    again = merge_into_bib(merged.text, [paper])
    assert (again.text, again.unchanged) == (merged.text, 1)


def test_fields_are_added_in_the_entrys_own_layout() -> None:
    (paper,) = readers.read_path(V2).papers[:1]
    one_line = (
        f"@misc{{k, title = {{{paper.title}}}, author = {{Yu, Rebecca}}, submitted = {{2025-08-01}}}}\n"
    )
    merged = merge_into_bib(one_line, [paper])
    assert merged.updated == 1
    assert merged.text.count("\n") == 1  # still one line
    assert entries(merged.text)["k"]["updated"] == "2025-09-22"


def test_a_broken_block_in_the_target_is_kept_and_reported() -> None:
    broken = "@misc{broken,\n  title = {Unclosed,\n  year = 2020\n\n"
    existing = "@misc{fine,\n  title = {A Fine Entry},\n}\n\n" + broken
    papers = readers.read_path(V1).papers
    merged = merge_into_bib(existing, papers, path="target.bib")
    assert merged.text.startswith(existing.rstrip("\n"))
    assert [(p.path, p.line) for p in merged.problems] == [("target.bib", 5)]
    assert merged.added == 3
    assert "broken" not in merged.new_keys


# -- duplicates across inputs -------------------------------------------------


def test_versions_across_inputs_merge_newest_first_in_first_seen_order() -> None:
    v1, v2 = readers.read_path(V1).papers, readers.read_path(V2).papers
    merged = merge_papers([*v1, *v2])
    assert merged.merged == 3 == len(merged.notes)
    kept = merged.papers
    assert [p.arxiv_id for p in kept] == ["2508.00723", "2507.08149", "2506.20640", "2506.07976"]
    assert kept[0] == v2[0]  # the later version
    assert is_newer(v2[0], v1[0])
    assert not is_newer(v1[0], v2[0])


def test_same_title_different_arxiv_ids_are_different_papers() -> None:
    author = (Author("Ameet", "Talwalkar"),)
    a = Paper("Federated Learning", authors=author, arxiv_id="1908.07873")
    b = Paper("Federated learning", authors=author, arxiv_id="2107.06917")
    c = Paper("Federated  Learning.", authors=author)  # no id: the same as the first
    merged = merge_papers([a, b, c])
    assert merged.papers == [a, b]
    assert merged.merged == 1


def test_title_key_folds_tex_and_unicode_alike() -> None:
    assert title_key("$Θ(1/Δ^2)$ Bounds for Łukasz", "Ramé") == title_key(
        "$\\Theta(1/\\Delta^2)$ Bounds for {\\L}ukasz", "Ram{\\'e}"
    )
    assert title_key("", "Talwalkar") == title_key("{}", "Talwalkar") != title_key("", "Li")
    assert title_key("αβγ", "Li") != title_key("δεζ", "Li")  # no ASCII letter: compared in their own script
    assert re.fullmatch(r"[a-z0-9]+\|[a-z0-9]*", title_key("Hyperband: A Novel Approach", "Li"))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("listing.txt", "Authors:\nAbstract:\n"),
        ("feed.atom", '<feed xmlns="http://www.w3.org/2005/Atom"><entry><author></author></entry></feed>'),
        ("author.txt", "Title:\nAuthors: Ann Smith\nAbstract: text\n"),
    ],
)
def test_a_record_without_title_or_id_is_not_added_again(tmp_path: Path, name: str, text: str) -> None:
    """Found by the fuzzer: the entry written from such a record was not recognised (``anon``, ``anona``, ...)."""
    source, bib = tmp_path / name, tmp_path / "out.bib"
    source.write_text(text, encoding="utf-8")
    assert main(["convert", str(source), "-o", str(bib)]) in (0, 1)
    written = bib.read_bytes()
    assert len(entries(written.decode())) == 1
    for _ in range(2):
        assert main(["convert", str(source), "--merge", str(bib), "-o", str(bib)]) in (0, 1)
        assert bib.read_bytes() == written


def test_untitled_records_are_one_paper_only_with_the_same_first_author() -> None:
    smith, jones = (Author("Ann", "Smith"),), (Author("Bo", "Jones"),)
    merged = merge_papers([Paper("", authors=smith), Paper("", authors=jones), Paper("", authors=smith)])
    assert [p.authors for p in merged.papers] == [smith, jones]
    target = merge_into_bib(bib_entry("mine", title="{}", author="Smith, Ann"), [Paper("", authors=jones)])
    assert target.added == 1


def test_an_untitled_entry_under_a_key_twice_is_no_evidence_of_another_paper() -> None:
    text = bib_entry("k", author="Smith, Ann") + "\n" + bib_entry("k", title="A Title", author="Smith, Ann")
    merged = merge_papers(readers.read_text(text, "two.bib").papers)
    assert merged.problems == []
    assert [p.title for p in merged.papers] == [""]


def test_an_empty_target_receives_every_paper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "new.bib"
    bib.write_text("", encoding="utf-8")
    assert main(["convert", str(V2), "--merge", str(bib), "-o", str(bib)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == "merged: 4 added, 0 updated, 0 unchanged"
    assert len(entries(bib.read_text(encoding="utf-8"))) == 4


def test_a_byte_order_mark_and_crlf_line_ends_are_kept() -> None:
    (paper,) = readers.read_path(V2).papers[:1]
    entry = bib_entry("k", newline="\r\n", title=paper.title, author="Yu, Rebecca", submitted="2025-08-01")
    existing = "\ufeff" + entry
    merged = merge_into_bib(existing, [paper])
    assert merged.updated == 1
    assert merged.text.startswith("\ufeff@misc{k,\r\n")
    assert "\n" not in merged.text.replace("\r\n", "")  # every added line ends in CRLF too
    assert entries(merged.text[1:])["k"]["updated"] == "2025-09-22"


def test_bib_entries_under_different_keys_stay_apart() -> None:
    # a conference and a journal version: same title and authors, different keys
    text = bib_entry("smith2020conf", "inproceedings", author="Smith, Ann", title="Deep Nets", year="2020")
    text += "\n" + bib_entry(
        "smith2021journal", "article", author="Smith, Ann", title="Deep Nets", year="2021"
    )
    papers = readers.read_text(text, "two.bib").papers
    merged = merge_papers(papers)
    assert ([p.key for p in merged.papers], merged.merged) == (["smith2020conf", "smith2021journal"], 0)
    merged = merge_into_bib(bib_entry("smith2020conf", author="Smith, Ann", title="Deep Nets"), papers)
    assert (merged.updated, merged.added, merged.new_keys) == (1, 1, ["smith2021journal"])
    assert entries(merged.text)["smith2020conf"]["year"] == "2020"  # the field it lacked, filled


# -- one policy: the command line, --merge and the extension ------------------------

MINE = """\
@inproceedings{mykey,
  title = {Why Do Decision Makers (Not) Use {AI}?},
  author = {Yu, Rebecca and Chen, Valerie and Talwalkar, Ameet and Heidari, Hoda},
  booktitle = {Proceedings of the ACM Conference on Fairness, Accountability, and Transparency},
  eprint = {2508.00723},
  year = {2026},
}
"""


@pytest.mark.parametrize("bib_first", [False, True], ids=["listing-first", "bib-first"])
def test_convert_keeps_the_users_key_type_and_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bib_first: bool
) -> None:
    """``convert listing.txt mine.bib``: the .bib entry wins, the listing fills what it lacks."""
    mine = tmp_path / "mine.bib"
    mine.write_text(MINE, encoding="utf-8")
    out = tmp_path / "out.bib"
    inputs = [str(mine), str(V2)] if bib_first else [str(V2), str(mine)]
    capsys.readouterr()
    assert main(["convert", *inputs, "-o", str(out)]) == 0
    *notes, summary = capsys.readouterr().err.splitlines()
    assert summary == f"wrote 4 papers to {out} (1 duplicate merged)"
    assert notes == [f"{V2}:2: same paper as 'mykey' at {mine}:1: merged, the .bib entry first"]
    library = parse_string(out.read_text(encoding="utf-8"))
    (entry,) = [e for e in library.entries if e.key == "mykey"]
    assert entry.entry_type == "inproceedings"
    fields = {f.key: str(f.value) for f in entry.fields}
    assert {k: v for k, v in fields.items() if k in entries(MINE)["mykey"]} == entries(MINE)["mykey"]
    assert fields["abstract"].startswith("Growing excitement")  # filled from the listing
    assert fields["archivePrefix"] == "arXiv" and fields["comments"].startswith("Accepted at the ACM")
    # the entry names its venue: the listing's journal reference and arXiv venue are not added
    assert "note" not in fields and "howpublished" not in fields
    assert "2508.00723" not in {str(f.value) for e in library.entries if e.key != "mykey" for f in e.fields}


def test_the_same_two_sources_give_the_extension_the_same_record(tmp_path: Path) -> None:
    """The extension merges through the same function: the record it shows is the command's."""
    from sphinx_papers.bibtex.fields import entry_fields

    mine = tmp_path / "mine.bib"
    mine.write_text(MINE, encoding="utf-8")
    papers = [*readers.read_path(V2).papers, *readers.read_path(mine).papers]
    merged = merge_papers(papers, entry_fields)
    (paper,) = [p for p in merged.papers if p.arxiv_id == "2508.00723"]
    assert (paper.key, paper.entry_type) == ("mykey", "inproceedings")
    assert paper.title == "Why Do Decision Makers (Not) Use AI?"  # the .bib's title, not the listing's
    assert paper.abstract == papers[0].abstract
    assert paper.bibtex_fields["booktitle"].startswith("Proceedings of the ACM")


def test_merge_into_a_bib_with_two_keys_for_one_paper_fills_both(tmp_path: Path) -> None:
    """``--merge`` into astropy's bibliography: ``yt`` and ``yt:2011`` both stay, both filled."""
    text = (Path(__file__).parent / "data" / "bib" / "astropy-v5-refs.bib").read_text(encoding="utf-8")
    listed = Paper(
        "yt: A Multi-code Analysis Toolkit for Astrophysical Simulation Data",
        authors=(Author("Matthew J.", "Turk"),),
        arxiv_id="1011.3514",
        abstract="The analysis of complex multiphysics astrophysical simulations presents a unique challenge.",
    )
    merged = merge_into_bib(text, [listed], path="refs.bib")
    assert (merged.added, merged.updated) == (0, 2)
    assert [n.line for n in merged.notes] == [571, 1577]
    after = raw_entries(merged.text)
    for key in ("yt", "yt:2011"):
        assert "abstract = {The analysis of complex" in after[key]
        assert (
            after[key].replace(",\n  abstract = {", "").startswith(raw_entries(text)[key].rstrip("}\n")[:200])
        )
    again = merge_into_bib(merged.text, [listed], path="refs.bib")
    assert (again.text, again.updated) == (merged.text, 0)


def test_the_extension_loads_the_same_records(tmp_path: Path) -> None:
    """``papers_sources = [listing, mine.bib, refs.bib]``: keys, types and fields as the command keeps them."""
    from sphinx_papers.ext import sources
    from sphinx_papers.ext.config import Settings

    (tmp_path / "mine.bib").write_text(MINE, encoding="utf-8")
    astropy = Path(__file__).parent / "data" / "bib" / "astropy-v5-refs.bib"
    (tmp_path / "refs.bib").write_bytes(astropy.read_bytes())
    catalogue = sources.load(Settings(sources=(str(V2), "mine.bib", "refs.bib")), tmp_path)
    papers = catalogue.papers
    assert {"yt", "yt:2011", "mykey"} <= set(papers)
    assert papers["yt"].arxiv_id == papers["yt:2011"].arxiv_id == "1011.3514"
    mine = papers["mykey"]
    assert (mine.entry_type, mine.title) == ("inproceedings", "Why Do Decision Makers (Not) Use AI?")
    assert mine.abstract.startswith("Growing excitement")
    assert mine.bibtex_fields["booktitle"].startswith("Proceedings of the ACM")
    assert mine.bibtex_fields["abstract"].startswith("Growing excitement")
    assert len([p for p in papers.values() if p.arxiv_id == "2508.00723"]) == 1
    # the command line, given the same files, writes the same keys
    out = tmp_path / "out.bib"
    assert (
        main(["convert", str(V2), str(tmp_path / "mine.bib"), str(tmp_path / "refs.bib"), "-o", str(out)])
        == 0
    )
    assert [e.key for e in parse_string(out.read_text(encoding="utf-8")).entries] == list(papers)


def test_a_key_the_file_uses_for_another_paper_is_reported_not_added() -> None:
    existing = bib_entry("k", title="Deep Nets", author="Smith, Ann")
    other = Paper("Bandits", authors=(Author("Ann", "Smith"),), key="k", bibtex_fields={"title": "Bandits"})
    merged = merge_into_bib(existing, [other.replace(source=Source("theirs.bib", 7))], path="mine.bib")
    assert (merged.text, merged.added, merged.notes) == (existing, 0, [])
    assert [str(p) for p in merged.problems] == [
        "mine.bib:1: duplicate key 'k': theirs.bib:7 is another paper, not added"
    ]


def test_entries_merged_from_another_bib_bring_the_definitions_their_macros_need(tmp_path: Path) -> None:
    """Appended entries keep their macros: the @string (and @preamble) blocks they need come with them, once."""
    theirs, mine = tmp_path / "theirs.bib", tmp_path / "mine.bib"
    theirs.write_text(
        '@string{dam = "Discrete Appl. Math."}\n@string{facct = "ACM FAccT"}\n'
        '@preamble{"\\newcommand{\\printfirst}[2]{#1}"}\n\n'
        "@article{new1, title = {New}, author = {Roe, R.}, journal = dam}\n",
        encoding="utf-8",
    )
    mine.write_text(PREAMBLE + bib_entry("old1", title="Old", author="Doe, J."), encoding="utf-8")
    assert main(["convert", str(theirs), "--merge", str(mine), "-o", str(mine)]) == 0
    once = mine.read_text(encoding="utf-8")
    assert once.startswith(PREAMBLE)
    appended = once[once.index("@misc{old1") :]
    assert appended.count('@string{dam = "Discrete Appl. Math."}') == 1
    assert "facct" not in appended  # the file defines it already
    assert appended.count("\\newcommand{\\printfirst}") == 1
    assert "@article{new1,\n  title = {New},\n  author = {Roe, R.},\n  journal = dam,\n}" in appended
    (new,) = [p for p in readers.read_path(mine).papers if p.key == "new1"]
    assert new.bibtex_fields["journal"] == "Discrete Appl. Math."
    assert main(["convert", str(theirs), "--merge", str(mine), "-o", str(mine)]) == 0
    assert mine.read_text(encoding="utf-8") == once
