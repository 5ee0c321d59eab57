"""Text collections: several documented text objects of one package as one table of text units.

janeaustenr ships each novel as a character vector of lines, tm each Reuters topic as a VCorpus of
a few dozen articles; neither is a table, and each alone is too small. A collection (declared in
the package list) stacks its members, one row per chapter (novels) or per paragraph (news
articles), with the member each row comes from as a documented label.
"""
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .frames import ColumnInfo, NotATable, Table
from .robject import elements, named_elements, r_class, strings

# The chapter headings janeaustenr's own austen_books() splits on.
_CHAPTER = re.compile(r"^chapter [\divxlc]", re.I)


@dataclass
class Collection:
    object: str  # the collection's name within the package (the dataset is `<pkg>-<object>`)
    members: list
    unit: str  # chapter | paragraph
    label: str  # the column naming the member of each row


def member_label(page, obj):
    """How a member is called: the quoted title in its help page title (`... novel "Emma"`), else the object name."""
    quoted = re.search(r"\"([^\"]+)\"", page.title) if page else None
    return quoted.group(1) if quoted else obj


def _chapters(label, lines):
    chapters, current = [], None
    for line in lines:
        line = line or ""
        if _CHAPTER.match(line):
            current = []
            chapters.append(current)
        elif current is not None:
            current.append(line)
    rows = []
    for number, body in enumerate(chapters, start=1):
        paragraphs = [" ".join(p.split()) for p in "\n".join(body).split("\n\n")]
        rows.append({label: None, "chapter": number, "text": "\n\n".join(p for p in paragraphs if p)})
    return rows


def _corpus_paragraphs(corpus):
    """(document id, heading, paragraph number, text) of a tm VCorpus; Reuters paragraphs start indented."""
    if "VCorpus" not in r_class(corpus):
        raise NotATable(f"a paragraph collection needs VCorpus members, not {'/'.join(r_class(corpus)) or 'an unclassed object'}")
    rows = []
    for doc in elements(named_elements(corpus)["content"]):
        parts = named_elements(doc)
        meta = named_elements(parts["meta"])
        text = "\n".join(s or "" for s in strings(parts["content"]))
        text = re.sub(r"\s*\bReuter\s*$", "", text)
        doc_id = (strings(meta["id"]) or [""])[0]
        heading = (strings(meta["heading"]) or [""])[0] if "heading" in meta else ""
        pieces = [" ".join(p.split()) for p in re.split(r"\n(?=[ \t]+\S)", text)]
        for number, piece in enumerate((p for p in pieces if p), start=1):
            rows.append({"document": doc_id, "heading": heading, "paragraph": number, "text": piece})
    return rows


def collection_table(package, collection):
    """The collection's Table (columns: id, label, unit number, text...) and the member labels used."""
    rows, labels = [], {}
    index = {entry.object: entry for entry in package.data_index}
    for member in collection.members:
        if member not in index:
            raise NotATable(f"collection {collection.object}: {package.name} has no data object {member}")
        obj = package.load(index[member])
        label = member_label(package.page(member), member)
        labels[member] = label
        found = _chapters(collection.label, strings(obj)) if collection.unit == "chapter" else _corpus_paragraphs(obj)
        for row in found:
            row[collection.label] = label
        rows.extend(found)
    frame = pd.DataFrame(rows)
    frame.insert(0, "id", np.arange(len(frame), dtype=np.int64))
    frame = frame[["id", collection.label] + [c for c in frame.columns if c not in ("id", collection.label)]]
    kinds = {"id": "integer", "chapter": "integer", "paragraph": "integer"}
    infos = [ColumnInfo(c, kinds.get(c, "character")) for c in frame.columns]
    return Table(frame, infos, "collection"), labels


_MEANINGS = {
    "id": ("Row number of the text unit in the collection (members in the order listed, then source order).", "identifier"),
    "chapter": ("Chapter number within the novel, counted from the chapter headings.", "input"),
    "paragraph": ("Paragraph number within the article.", "input"),
    "document": ("Reuters-21578 document id (NEWID) of the article the paragraph belongs to.", "grouping"),
    "heading": ("Headline of the article.", "input"),
    "text": ("The text of the unit as the package ships it, whitespace within paragraphs collapsed.", "input"),
}


def collection_card(package, collection, table, labels):
    """The card of a collection: member pages' titles, descriptions and sources, and the label as target."""
    pages = {m: package.page(m) for m in collection.members}
    described = [f"{labels[m]}: {p.description}" for m, p in pages.items() if p]
    sources = sorted({p.source for p in pages.values() if p and p.source})
    label_meaning = f"Which member of the collection the {collection.unit} comes from: " + ", ".join(f"{labels[m]} ({m})" for m in collection.members) + "."
    columns = []
    for name in table.frame.columns:
        meaning, role = _MEANINGS.get(name, (label_meaning, "outcome") if name == collection.label else ("", "input"))
        column = {"name": name, "meaning": meaning, "type": "text" if name == "text" else "integer" if table.frame[name].dtype.kind == "i" else "string", "role": role, "origin": "inferred"}
        if name == collection.label:
            column["type"] = "factor"
            column["coding"] = "levels: " + ", ".join(labels[m] for m in collection.members)
        columns.append(column)
    # A label is documented when the member pages say what sets them apart (tm: "of Topic acq").
    titles = "; ".join(p.title for p in pages.values() if p)
    documented = all(p and re.search(r"\btopic\b", p.title, re.I) for p in pages.values())
    return {
        "title": f"{package.name}: {', '.join(labels[m] for m in collection.members)} ({collection.unit}s)",
        "description": f"One row per {collection.unit} of {len(collection.members)} documented text objects of the R package {package.name}.\n\n" + "\n\n".join(described),
        "source": {"package": package.name, "object": "+".join(collection.members), "documentation": f"R help pages {', '.join('?' + m for m in collection.members)} of {package.name} {package.version}"},
        **({"citation": "\n\n".join(sources)} if sources else {}),
        "license": package.license or "unknown",
        "columns": columns,
        "targets": [
            {
                "column": collection.label,
                "modelFamily": "classification",
                "evidence": {"kind": "package-docs", "text": titles},
                "origin": "documented" if documented else "inferred",
            }
        ],
        "origins": {"title": "inferred", "description": "documented", "license": "documented", **({"citation": "documented"} if sources else {})},
    }
