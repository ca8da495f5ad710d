"""Tables that fit any width without cutting a word: the one layout rule every table follows.

A column may wrap between its words but is never narrower than its longest word; a column
that must not wrap (a name, a shape, a number) is never narrower than its longest cell. When
the columns still do not fit, the ones of lowest priority leave the table, last first, and
become lines under it (`lstm_1.output · Axes: batch × units`), the way a narrow terminal
already showed the main table's "Why". When even the columns that never fold do not fit, the
table becomes a list, one row a block, so nothing is ever cut and the line count stays a
small multiple of the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

Justify = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Column:
    """One column: its header, one cell per row, and how it gives way on a narrow console.

    `wrap`: the cells may wrap between words. `fold`: the priority with which the column
    leaves the table for lines under it (a higher number leaves first); None keeps it.
    `bare`: folded lines read `key: value` instead of `key · header: value`.
    """

    header: str
    cells: Sequence[Text]
    footer: str = ""
    justify: Justify = "left"
    wrap: bool = False
    fold: int | None = None
    style: str = ""
    bare: bool = False
    comfort: int = 0
    # Below this console width the column folds under the table even if it would fit squeezed.
    below: int = 0

    def longest(self) -> int:
        """The width this column takes when nothing need wrap."""
        texts = [self.header, self.footer, *(cell.plain for cell in self.cells)]
        return max((cell_len(line) for text in texts for line in text.split("\n")), default=1)

    def least(self) -> int:
        """The narrowest this column may be: its longest word, or its longest cell if it does not wrap.

        A wrapping column is kept at least `comfort` wide (or as wide as its longest cell, if that is
        less), so that a sentence folds under the table before it runs down the page a word a line.
        """
        texts = [self.header, self.footer, *(cell.plain for cell in self.cells)]
        longest = max((cell_len(line) for text in texts for line in text.split("\n")), default=1)
        if self.wrap:
            word = max((cell_len(word) for text in texts for word in text.split()), default=1)
            return max(word, min(longest, self.comfort))
        return longest


@dataclass(frozen=True)
class Layout:
    """The columns of one table, with the key each row goes by when its cells fold under the table."""

    columns: Sequence[Column]
    keys: Sequence[str]
    title: str | None = None
    caption: str | None = None
    footer: bool = False
    fold_style: str = "dim"


def table_of(layout: Layout, columns: Sequence[Column], widths: Sequence[int] | None = None) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_footer=layout.footer,
        title=layout.title,
        title_justify="left",
        caption=layout.caption,
        caption_justify="left",
    )
    for i, column in enumerate(columns):
        table.add_column(
            column.header,
            footer=column.footer,
            justify=column.justify,
            no_wrap=not column.wrap,
            overflow="fold",
            min_width=column.least(),
            width=None if widths is None else widths[i],
            style=column.style or None,
        )
    for r in range(len(layout.keys)):
        table.add_row(*(column.cells[r] for column in columns))
    return table


def least_width(layout: Layout, columns: Sequence[Column]) -> int:
    """The narrowest the table with these columns can be drawn with no word cut."""
    console = Console(width=10_000, file=None, color_system=None)
    return Measurement.get(console, console.options, table_of(layout, columns)).minimum


def wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` takes wrapped between words at `width` cells."""
    count = 0
    for paragraph in text.split("\n"):
        used = -1
        count += 1
        for word in paragraph.split():
            size = cell_len(word)
            if used >= 0 and used + 1 + size > width:
                count += 1
                used = size
            else:
                used = size if used < 0 else used + 1 + size
    return count


def _height(columns: Sequence[Column], sizes: Sequence[int]) -> int:
    """The table's lines at these widths, and a line more for each wrap of a name (a column that never folds)."""
    rows = len(columns[0].cells) if columns else 0
    total = 0
    for r in range(rows):
        lines = [wrapped_lines(c.cells[r].plain, sizes[i]) if c.wrap else 1 for i, c in enumerate(columns)]
        total += max(lines) + sum(n - 1 for n, c in zip(lines, columns, strict=True) if c.fold is None)
    return total


def widths(layout: Layout, columns: Sequence[Column], width: int) -> list[int]:
    """Each column's width: as wide as its cells, narrowed where that costs the fewest lines.

    Ours, not Rich's: Rich's own share-out can leave a column one cell short of its longest
    word when the table is exactly as wide as the console. On a tie the column that would
    fold first gives way first.
    """
    least = [column.least() for column in columns]
    frame = least_width(layout, columns) - sum(least)
    sizes = [column.longest() for column in columns]
    excess = sum(sizes) + frame - width
    while excess > 0:
        shrinkable = [i for i, column in enumerate(columns) if column.wrap and sizes[i] > least[i]]
        if not shrinkable:
            break

        def cost(i: int) -> tuple[int, bool, int]:
            trial = [size - (j == i) for j, size in enumerate(sizes)]
            fold = columns[i].fold
            return (_height(columns, trial), fold is None, -(fold or 0))

        chosen = min(shrinkable, key=cost)
        sizes[chosen] -= 1
        excess -= 1
    return sizes


def _folded(layout: Layout, gone: Sequence[Column]) -> Text:
    """One line per row for the folded columns (`key · Axes: ... · Keras says: ...`), one per bare column."""
    lines = []
    for r, key in enumerate(layout.keys):
        line = Text(style=layout.fold_style)
        bare = []
        for column in gone:
            cell = column.cells[r]
            if not cell.plain.strip():
                continue
            if column.bare:
                bare.append(Text.assemble(f"{key}: ", cell, style=layout.fold_style))
                continue
            line.append(f"{key} · " if not line.plain else " · ")
            line.append(f"{column.header}: ")
            line.append_text(cell)
        lines += ([line] if line.plain else []) + bare
    return Text("\n").join(lines)


def fits(layout: Layout, width: int) -> bool:
    """Whether the columns that never fold fit `width`: else the table becomes a list."""
    return least_width(layout, [c for c in layout.columns if c.fold is None]) <= width


def as_list(layout: Layout) -> Text:
    """Every row as a block of lines, for a console too narrow for even the columns that never fold."""
    lines = [] if layout.title is None else [Text(layout.title, style="bold")]
    for r, key in enumerate(layout.keys):
        lines.append(Text(key, style="bold"))
        for column in layout.columns:
            cell = column.cells[r]
            if cell.plain.strip() and cell.plain != key:
                line = Text(f"  {column.header}: ")
                line.append_text(cell)
                lines.append(line)
    first, *rest = layout.columns
    footers = [f"{c.header} {c.footer}" for c in rest if c.footer.strip()]
    if footers:
        label = [first.footer] if first.footer.strip() else []
        lines.append(Text(" · ".join(label + footers), style="bold"))
    if layout.caption:
        lines.append(Text(layout.caption))
    return Text("\n").join(lines)


def fitted(layout: Layout, width: int) -> Group:
    """The table at `width` columns: whole words in every cell, low-priority columns folded under it."""
    kept = [c for c in layout.columns if not (c.fold is not None and width < c.below)]
    gone: list[Column] = [c for c in layout.columns if c not in kept]
    order = sorted((c for c in kept if c.fold is not None), key=lambda c: -(c.fold or 0))
    while least_width(layout, kept) > width:
        if not order:
            return Group(as_list(layout))
        column = order.pop(0)
        kept.remove(column)
        gone.insert(0, column)
    # A column that left early may fit again beside what is left: take back the most important first.
    for column in sorted(gone, key=lambda c: c.fold or 0):
        if width < column.below:
            continue
        trial = [c for c in layout.columns if c in kept or c is column]
        if least_width(layout, trial) <= width:
            kept, gone = trial, [c for c in gone if c is not column]
    gone.sort(key=lambda c: layout.columns.index(c))
    if not gone:
        return Group(table_of(layout, kept, widths(layout, kept, width)))
    # The caption (a count of cases) closes the whole: under the folded lines, not between.
    bare = replace(layout, caption=None)
    parts: list[Table | Text] = [table_of(bare, kept, widths(bare, kept, width)), _folded(layout, gone)]
    return Group(*parts, *([Text(layout.caption)] if layout.caption else []))


class Fitted:
    """A layout that fits itself to the width it is drawn at: for renderables made before the console."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield fitted(self.layout, options.max_width)
