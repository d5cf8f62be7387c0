"""Reports on a source file: a Rich table of its tokens and a Pygments-highlighted HTML page made with Jinja2."""
