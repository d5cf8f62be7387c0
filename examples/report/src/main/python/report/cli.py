import argparse
import collections
import importlib.metadata

from jinja2 import Environment, PackageLoader, select_autoescape
from pygments import highlight, lex
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_for_filename
from rich.console import Console
from rich.table import Table

DEPENDENCIES = ("Pygments", "rich", "Jinja2", "MarkupSafe")


def main(argv):
    parser = argparse.ArgumentParser(prog="report", description=__doc__)
    parser.add_argument("file", help="the source file to report on")
    parser.add_argument("--html", metavar="PATH", help="also write a highlighted HTML page here")
    parser.add_argument("--top", type=int, default=8, help="how many token types to list")
    args = parser.parse_args(argv)

    with open(args.file, encoding="utf-8") as f:
        code = f.read()
    lexer = get_lexer_for_filename(args.file, code)
    counts = collections.Counter(str(token).removeprefix("Token.") for token, _ in lex(code, lexer))

    # A fixed width and no colour: the same output on a terminal, in a pipe and in a test.
    console = Console(width=80, color_system=None, force_terminal=False, soft_wrap=False)
    table = Table(title=f"{args.file.rsplit('/', 1)[-1]}: {code.count(chr(10))} lines of {lexer.name}")
    table.add_column("token type")
    table.add_column("count", justify="right")
    table.add_column("share", justify="right")
    total = sum(counts.values())
    for token, count in counts.most_common(args.top):
        table.add_row(token, str(count), f"{count / total:.1%}")
    console.print(table)
    console.print(", ".join(f"{name} {importlib.metadata.version(name)}" for name in DEPENDENCIES))

    if args.html:
        environment = Environment(loader=PackageLoader("report"), autoescape=select_autoescape())
        formatter = HtmlFormatter(linenos="table")
        page = environment.get_template("page.html.j2").render(
            title=args.file.rsplit("/", 1)[-1], style=formatter.get_style_defs(".highlight"),
            body=highlight(code, lexer, formatter), counts=counts.most_common(args.top))
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(page)
        console.print(f"wrote {len(page)} characters of HTML")
    return 0
