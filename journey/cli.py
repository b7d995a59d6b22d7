"""The `journey` command line: parses options, calls the pipeline, writes files."""
from __future__ import annotations

import codecs
import os
import sys
import tempfile
from pathlib import Path

import click

from journey.assets import data_path, templates_dir
from journey.errors import JourneyError, RenderError
from journey.pipeline import build, example_path, read_text_as


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temp file and rename: never a half-written file."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise RenderError(f"{path}: directory {parent} does not exist; create it or pick "
                          "another -o path")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise RenderError(f"{path}: cannot write in {parent} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise RenderError(f"{path}: is a directory; give a file name" if path.is_dir()
                          else f"{path}: cannot write ({exc.strerror})") from None
    except BaseException:
        # Ctrl-C mid-write: leave neither a temp file nor a partial output behind.
        os.unlink(tmp)
        raise


class JourneyGroup(click.Group):
    """Turns JourneyError into one `Error:` line on stderr and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except JourneyError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            # Ctrl-C is how --watch ends; writes are atomic, so nothing is left half-done.
            sys.exit(130)


@click.group(cls=JourneyGroup)
@click.version_option(package_name="journey")
def cli() -> None:
    """Turn a news article about a journey into an interactive route map.

    \b
    Example:
      journey build            # the shipped example -> output/map.html
    """


@cli.command("build")
@click.argument("article", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--stops", "stops_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Stop list CSV (default: the shipped example's, or drafted from ARTICLE).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("output/map.html"), show_default=True, help="HTML file to write.")
@click.option("--title", help="Map title (default: the article's headline).")
@click.option("--template-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of templates that override the shipped ones.")
@click.option("--encoding", callback=lambda _ctx, _param, value: _check_encoding(value),
              help="Text encoding of ARTICLE and the stop file (default: UTF-8, or "
              "Windows-1252 when the text plainly is).")
@click.option("--watch", is_flag=True,
              help="Rebuild whenever the article, stop file, stations or templates change.")
@click.option("--serve", type=click.IntRange(0, 65535), metavar="PORT",
              help="With --watch: serve the map on http://127.0.0.1:PORT/, reloading on rebuild.")
def build_cmd(article: Path | None, stops_path: Path | None, output: Path, title: str | None,
              template_dir: Path | None, encoding: str | None, watch: bool,
              serve: int | None) -> str:
    """Build the map HTML.

    \b
    Examples:
      journey build                                   # the shipped example
      journey build story.txt --stops stops.csv -o output/story.html
      journey build story.txt --stops stops.csv --watch   # rebuild on every save
    """
    if serve is not None and not watch:
        raise click.UsageError("--serve works with --watch; add --watch")
    if watch:
        return _watch_build(article, stops_path, template_dir, output, serve)
    article_text = _read_input(article, encoding) if article else None
    stops_text = _read_input(stops_path, encoding) if stops_path else None
    if article is not None and stops_path is None:
        raise click.UsageError("drafting stops from an article is not built yet; pass --stops")
    if output.parent == Path("output") and not output.parent.exists() and article is None \
            and stops_path is None:
        output.parent.mkdir()
    result = build(article_text, stops_text, stops_origin=str(stops_path or "stops.csv"),
                   article_origin=str(article or "the article"),
                   title=title, template_dir=template_dir)
    write_atomic(output, result.html)
    for warning in result.route.warnings:
        click.echo(f"Warning: {warning}", err=True)
    r = result.route
    summary = (f"Wrote {output} ({len(result.html.encode()) // 1024} KB): "
               f"{len(r.stops)} stops, {r.total_km:,.0f} km")
    if not click.get_current_context().meta.get(_WATCHING):
        click.echo(summary)
    return summary


_WATCHING = "journey.watching"  # ctx.meta flag: the watch loop prints the summary itself


def _check_encoding(value: str | None) -> str | None:
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r}; try utf-8, cp1252, cp1251 "
                                     "or latin-1", param_hint="--encoding") from None
    return value


def _read_input(path: Path, encoding: str | None) -> str:
    text, used = read_text_as(path, encoding)
    if encoding is None and used != "utf-8":
        click.echo(f"Warning: {path} is not UTF-8; read it as {used} (pass --encoding to "
                   "choose another)", err=True)
    return text


def _watch_build(article: Path | None, stops_path: Path | None, template_dir: Path | None,
                 output: Path, port: int | None) -> str:
    """Run `build` (same options, minus --watch) on every change until Ctrl-C."""
    import threading

    from journey.gazetteer import Gazetteer
    from journey.watch import serve, watch

    ctx = click.get_current_context()
    params = {**ctx.params, "watch": False, "serve": None}
    stations = data_path("stations.csv")
    paths = [article or example_path("article.txt"), stops_path or example_path("stops.csv"),
             stations, templates_dir(), *([template_dir] if template_dir else [])]

    def rebuild(changed: set[Path]) -> str:
        clear = getattr(Gazetteer.default, "cache_clear", None)
        if stations in changed and clear is not None:
            clear()  # the cached gazetteer holds the old stations.csv
        ctx.meta[_WATCHING] = True
        try:
            return ctx.invoke(build_cmd, **params)
        finally:
            ctx.meta[_WATCHING] = False

    server = None
    if port is not None:
        try:
            server = serve(output, port)
        except OSError as exc:
            raise RenderError(f"cannot serve on 127.0.0.1:{port} ({exc.strerror}); pick "
                              "another --serve port") from None
        threading.Thread(target=server.serve_forever, daemon=True).start()
        click.echo(f"Serving http://127.0.0.1:{server.server_address[1]}/ (reloads on rebuild)",
                   err=True)
    click.echo("Watching " + ", ".join(str(p) for p in paths) + " (Ctrl-C to stop)", err=True)
    try:
        watch(paths, rebuild, lambda line, failed: click.echo(line, err=failed))
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    return ""


def main() -> None:
    cli(prog_name="journey")
