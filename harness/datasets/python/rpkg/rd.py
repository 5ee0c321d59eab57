"""R documentation (Rd) pages from a package's help database, rendered as plain text.

A parsed Rd page is a list of sections; every node carries an `Rd_tag` attribute (`\\title`,
`\\format`, `\\item`, `\\code`, or `TEXT`/`RCODE`/`VERB`/`COMMENT` for leaves). Macros with several
arguments (`\\item{name}{text}`, `\\href{url}{text}`, `\\eqn{latex}{ascii}`) hold one untagged list
per argument.
"""
import re
from dataclasses import dataclass, field

from .robject import attributes, elements, strings
from rdata.parser import RObjectType

# Macros whose rendering is their content as is.
_INLINE = {
    "\\code", "\\samp", "\\verb", "\\env", "\\option", "\\command", "\\file", "\\pkg", "\\var", "\\kbd",
    "\\emph", "\\strong", "\\bold", "\\dfn", "\\acronym", "\\cite", "\\link", "\\url", "\\email",
    "\\dontrun", "\\donttest", "\\dontshow", "\\testonly", "\\preformatted", "\\special", "\\linkS4class",
}
_SYMBOLS = {"\\R": "R", "\\dots": "...", "\\ldots": "...", "\\cr": "\n", "\\tab": "\t"}
_SKIP = {"COMMENT", "\\Sexpr", "\\figure", "\\out", "USERMACRO", "\\newcommand", "\\renewcommand", "\\if", "\\ifelse"}


def tag(node):
    value = attributes(node).get("Rd_tag")
    return strings(value)[0] if value is not None else None


def _args(node):
    """The argument lists of a multi-argument macro, or None when it holds its content directly."""
    parts = elements(node) if node.info.type == RObjectType.VEC else []
    if parts and all(p.info.type == RObjectType.VEC and tag(p) is None for p in parts):
        return parts
    return None


def render(node):
    """Plain text of an Rd node (whitespace kept as written)."""
    t = tag(node)
    if t in _SKIP:
        return ""
    if node.info.type == RObjectType.STR:
        return "".join(s for s in strings(node) if s is not None)
    if t in _SYMBOLS:
        return _SYMBOLS[t]
    args = _args(node)
    if t == "\\sQuote":
        return "'" + _children(node) + "'"
    if t == "\\dQuote":
        return '"' + _children(node) + '"'
    if t in ("\\href", "\\enc", "\\eqn", "\\deqn", "\\method", "\\S3method", "\\S4method") and args:
        # \href{url}{text} shows its text; \enc and \eqn have a plain second form after the first.
        chosen = args[-1] if t in ("\\href", "\\eqn", "\\deqn") else args[0]
        return "".join(render(c) for c in elements(chosen))
    if t == "\\tabular" and args:
        return "".join(render(c) for c in elements(args[-1]))
    if t == "\\item" and args:
        return "\n" + " ".join(_flat(a) for a in args) + "\n"
    if t == "\\item":
        return "\n- "
    if t in ("\\subsection", "\\section") and args:
        return "\n" + _flat(args[0]) + ": " + "".join(render(c) for c in elements(args[1])) + "\n"
    return _children(node)


def _children(node):
    return "".join(render(c) for c in elements(node)) if node.info.type == RObjectType.VEC else render(node)


def _flat(node):
    return squash(_children(node))


def squash(text):
    """Runs of whitespace as one space, as a help page reads."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class FormatItem:
    """One documented variable: the label as written (`\\code{wage}`, `V1-V60`) and its description."""

    label: str
    text: str


@dataclass
class RdPage:
    name: str
    file: str
    aliases: list
    title: str = ""
    description: str = ""
    details: str = ""
    format: str = ""
    items: list = field(default_factory=list)
    source: str = ""
    references: str = ""
    examples: str = ""
    keywords: list = field(default_factory=list)


def _items(node):
    """Variables documented in a \\format section: \\describe items, \\itemize items, \\tabular rows."""
    found = []
    for child in elements(node) if node.info.type == RObjectType.VEC else []:
        t = tag(child)
        if t == "\\describe":
            for item in elements(child):
                args = _args(item) if tag(item) == "\\item" else None
                if args and len(args) == 2:
                    found.append(FormatItem(_flat(args[0]), _flat(args[1])))
        elif t in ("\\itemize", "\\enumerate"):
            found.extend(_bullets(child))
        elif t == "\\tabular":
            found.extend(_rows(child))
        elif child.info.type == RObjectType.VEC:
            found.extend(_items(child))
    return found


def _bullets(node):
    """`\\item \\code{x}: text` or `\\item x text` bullets: the first code span or word is the label."""
    chunks, current = [], None
    for child in elements(node):
        if tag(child) == "\\item" and _args(child) is None:
            current = []
            chunks.append(current)
        elif current is not None:
            current.append(child)
    found = []
    for chunk in chunks:
        code = next((c for c in chunk if tag(c) == "\\code"), None)
        text = squash("".join(render(c) for c in chunk))
        if code is not None and text.startswith(squash(render(code))):
            label = squash(render(code))
        else:
            label = re.split(r"[\s:]", text, maxsplit=1)[0]
        rest = squash(text[len(label):]).lstrip(":-–— ").strip()
        if label:
            found.append(FormatItem(label, rest))
    return found


def _rows(node):
    """Rows of a \\tabular (`[,1] \\tab wage \\tab Wage`): the first cell after the position is the name."""
    args = _args(node)
    if not args or len(args) < 2:
        return []
    found = []
    for row in "".join(render(c) for c in elements(args[-1])).split("\n"):
        cells = [squash(c) for c in row.split("\t")]
        cells = [c for c in cells if c and not re.fullmatch(r"\[,\s*\d+\]", c)]
        if len(cells) == 2 and re.fullmatch(r"\d+", cells[0]):
            # `4 \tab Daily maximum ozone reading`: a row numbered by the column's position.
            found.append(FormatItem(cells[0], cells[1]))
        elif len(cells) >= 2:
            found.append(FormatItem(cells[0], " ".join(cells[1:])))
    return found


def read_page(rd, topic):
    """An RdPage from a parsed Rd object (one entry of help/<pkg>.rdb)."""
    meta = attributes(rd)
    # Rdfile is the path on the machine that built the package; its last two parts are its place in the sources.
    source = strings(meta["Rdfile"])[0] if "Rdfile" in meta else f"man/{topic}.Rd"
    page = RdPage(name=topic, file="/".join(source.split("/")[-2:]), aliases=[])
    for section in elements(rd):
        t = tag(section)
        text = _children(section)
        if t == "\\name":
            page.name = squash(text)
        elif t == "\\alias":
            page.aliases.append(squash(text))
        elif t == "\\keyword":
            page.keywords.append(squash(text))
        elif t == "\\title":
            page.title = squash(text)
        elif t in ("\\description", "\\details", "\\source", "\\references"):
            key = t[1:]
            setattr(page, key, (getattr(page, key) + "\n" + _paragraphs(text)).strip())
        elif t == "\\format":
            page.format = _paragraphs(text)
            page.items = _items(section)
        elif t == "\\examples":
            page.examples = text.strip("\n")
    return page


def _paragraphs(text):
    """Whitespace squashed within paragraphs; blank lines kept between them."""
    return "\n\n".join(p for p in (squash(p) for p in re.split(r"\n\s*\n", text)) if p)
