"""HTML articles -> blocks (`litcheck.claims.document.Block`), with the standard library's
`html.parser`: scripts, styles, navigation and forms are dropped, headings and block tags start
a new block, and every piece of text keeps its 1-based source line. Imported only for HTML."""

from __future__ import annotations

from html.parser import HTMLParser

from litcheck.claims.document import Block

_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "title"}
_BLOCK_TAGS = _HEADING_TAGS | {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article",
    "blockquote", "figcaption", "figure", "dd", "dt", "pre", "hr", "main", "body", "caption",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "button",
              "select", "svg", "template", "iframe"}  # fmt: skip


class _HtmlBlocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current = Block()
        self.skipping = 0

    def _flush(self, heading: bool = False) -> None:
        if self.current.parts:
            self.blocks.append(self.current)
        self.current = Block(heading=heading)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self._flush(heading=tag in _HEADING_TAGS)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        line = self.getpos()[0]
        for i, piece in enumerate(data.split("\n")):
            piece = " ".join(piece.split())
            if piece:
                self.current.parts.append((piece, line + i))


def html_blocks(text: str) -> list[Block]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.blocks
