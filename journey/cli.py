"""The `journey` command line: parses options, calls the pipeline, writes files."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from journey.assets import data_path, templates_dir
from journey.errors import InputError, JourneyError, RenderError
from journey.gazetteer import Gazetteer
from journey.files import cache_problem, check_encoding, check_output, check_outputs, \
    read_text_as, write_atomic
from journey.pipeline import build, example_path
from journey.render import DEFAULT_TILES, embed_snippet
from journey.png import parse_size, render_png


ENCODING = click.option(
    "--encoding", callback=lambda _ctx, param, value: _check_encoding(value, param),
    help="Text encoding of the input files (default: UTF-8, or Windows-1252 when the text "
         "plainly is).")
STOPS_ENCODING = click.option(
    "--stops-encoding", callback=lambda _ctx, param, value: _check_encoding(value, param),
    help="Text encoding of the --stops file, when it differs from the article's "
         "(default: --encoding's).")
DATELINE = click.option(
    "--dateline", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
    help="The article's date, so a drafted 'arrived on Friday' becomes a date (default: a "
         "date written at the top of the article, if any).")
GEOCODER = click.option(
    "--geocoder", type=click.Choice(["none", "nominatim"]), default="none", show_default=True,
    help="Online look-up for names the offline gazetteer lacks (nominatim: OpenStreetMap, "
         "1 request/s, answers cached on disk).")


def _gazetteer(geocoder: str) -> Gazetteer:
    # The watch loop keeps one gazetteer across rebuilds (a new one when stations.csv
    # changes); every other command makes its one here.
    ctx = click.get_current_context(silent=True)
    gaz = ctx.meta.get(_GAZETTEER) if ctx is not None else None
    if gaz is None:
        gaz = Gazetteer.load()
    if geocoder == "nominatim":
        from journey.geocode import NominatimGeocoder

        gaz = gaz.with_geocoder(NominatimGeocoder())
    return gaz


def _article(path: Path, encoding: str | None) -> str:
    text = _read_input(path, encoding)
    if not text.strip():
        raise InputError(f"{path}: the article is empty; give a text file with the story")
    return text


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
@click.option("--template-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of templates that override the shipped ones.")
@ENCODING
@STOPS_ENCODING
@click.option("--watch", is_flag=True,
              help="Rebuild whenever the article, stop file, stations or templates change.")
@click.option("--serve", type=click.IntRange(0, 65535), metavar="PORT",
              help="With --watch: serve the map on http://127.0.0.1:PORT/, reloading on rebuild.")
@click.option("--geojson", "geojson_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the route as GeoJSON (stops and legs) for QGIS or geojson.io.")
@click.option("--rail", "rail_paths", multiple=True,
              type=click.Path(exists=True, path_type=Path),
              help="Extra rail lines: a station CSV, a GeoJSON of LineStrings, or a folder "
                   "of them (repeatable). See README, 'Rail data'.")
@click.option("--tiles", default=DEFAULT_TILES, show_default=True, metavar="NAME|none",
              help="Online tiles over the offline basemap (an xyzservices name), or none.")
@click.option("--embed", is_flag=True,
              help="Also write OUTPUT's <iframe> snippet next to it (NAME.iframe.html).")
@click.option("--png", "png_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a static PNG of the map (needs the 'png' extra and Chromium).")
@click.option("--size", "png_size", help="PNG size in pixels, WIDTHxHEIGHT (default 1200x800).")
@click.option("--credit", metavar="TEXT",
              help="Who published the article, e.g. \"CNN, 2001\": shown under every quote "
                   "and in the footer (default: the first line of a credit.txt beside the "
                   "stop file, if there is one).")
@click.option("--hide", "hide", multiple=True, metavar="NAME",
              help="Leave this 'also mentioned' place off the map (repeatable).")
@DATELINE
@GEOCODER
def build_cmd(article: Path | None, stops_path: Path | None, output: Path, title: str | None,
              template_dir: Path | None, encoding: str | None, stops_encoding: str | None,
              watch: bool, serve: int | None,
              geojson_path: Path | None, rail_paths: tuple[Path, ...], tiles: str,
              embed: bool, png_path: Path | None, png_size: str | None,
              credit: str | None, hide: tuple[str, ...],
              dateline: datetime | None, geocoder: str) -> str:
    """Build the map HTML.

    \b
    Examples:
      journey build                                   # the shipped example
      journey build story.txt --stops stops.csv -o output/story.html
      journey build story.txt -o output/story.html    # stops drafted from the story
      journey build --geojson output/route.geojson --rail my_lines/
      journey build --tiles none --embed             # no online tiles; + iframe snippet
      journey build story.txt --stops stops.csv --watch   # rebuild on every save
      journey build --png output/map.png --size 1200x675
      journey build story.txt --stops stops.csv --credit "The Times, 2024" --hide Mons
    """
    if png_size is not None and png_path is None:
        raise click.UsageError("--size is the size of the --png image; give --png PATH too")
    png_size = png_size or "1200x800"
    size = parse_size(png_size) if png_path else None
    if serve is not None and not watch:
        raise click.UsageError("--serve works with --watch; add --watch")
    if watch:
        return _watch_build(article, stops_path, template_dir, output, serve)
    snippet = output.with_name(output.stem + ".iframe.html") if embed and output.name else None
    check_outputs([("-o", output), ("--geojson", geojson_path), ("--png", png_path),
                   ("--embed", snippet)],
                  [("the article", article), ("the --stops file", stops_path)])
    _warn_cache()
    article_text = _read_input(article, encoding) if article else None
    stops_text = (_read_input(stops_path, stops_encoding or encoding) if stops_path
                  else None)
    if (click.get_current_context().get_parameter_source("output")
            == click.core.ParameterSource.DEFAULT):
        try:
            output.parent.mkdir(exist_ok=True)  # the default output/ folder; -o's must exist
        except OSError:
            pass  # output/ is a file, say: check_output says so
    for opt, path in (("-o", output), ("--geojson", geojson_path), ("--png", png_path),
                      ("--embed", snippet)):
        if path is not None:
            check_output(path, opt)  # before the build: a bad path costs no map
    result = build(article_text, stops_text, stops_origin=str(stops_path or "stops.csv"),
                   article_origin=str(article or "the article"), title=title,
                   template_dir=template_dir, rail=rail_paths, tiles=tiles,
                   gazetteer=_gazetteer(geocoder),
                   dateline=dateline.date() if dateline else None,
                   credit=credit if credit is not None else _credit_beside(
                       stops_path, stops_encoding or encoding),
                   hide=hide)
    write_atomic(output, result.html)
    if geojson_path is not None:
        from journey.geojson import dumps

        write_atomic(geojson_path, dumps(result.route), option="--geojson")
    if png_path is not None and size is not None:
        render_png(result.html, png_path, size)
        click.echo(f"Wrote {png_path} ({png_size})")
    for warning in result.route.warnings:
        click.echo(f"Warning: {warning}", err=True)
    r = result.route
    summary = (f"Wrote {output} ({len(result.html.encode()) // 1024} KB): "
               f"{len(r.stops)} stops, {r.total_km:,.0f} km")
    if snippet is not None:
        write_atomic(snippet, embed_snippet(output.name, result.title), option="--embed")
        click.echo(f"Wrote {snippet}: paste it into a page next to {output.name}")
    if not click.get_current_context().meta.get(_WATCHING):
        click.echo(summary)
    return summary


_WATCHING = "journey.watching"  # ctx.meta flag: the watch loop prints the summary itself
_GAZETTEER = "journey.gazetteer"  # ctx.meta: the watch loop's gazetteer, kept across builds


CREDIT_FILE = "credit.txt"


def _credit_beside(stops_path: Path | None, encoding: str | None) -> str | None:
    """The first non-blank line of credit.txt in the stop file's folder; None without one
    (then the example keeps its own credit and another article has none)."""
    if stops_path is None:
        return None
    path = stops_path.parent / CREDIT_FILE
    if not path.is_file():
        return None
    lines = [ln.strip() for ln in _read_input(path, encoding).splitlines() if ln.strip()]
    return lines[0] if lines else None


def _check_encoding(value: str | None, param: click.Parameter) -> str | None:
    problem = check_encoding(value) if value is not None else None
    if problem:
        raise click.BadParameter(problem, param_hint=param.opts[0])
    return value


def _warn_cache() -> None:
    problem = cache_problem()
    if problem:
        click.echo(f"Warning: {problem}", err=True)


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

    from journey.watch import BuildStatus, serve, watch

    ctx = click.get_current_context()
    params = {**ctx.params, "watch": False, "serve": None}
    stations = data_path("stations.csv")
    paths = [article or example_path("article.txt"), stops_path or example_path("stops.csv"),
             stations, templates_dir(), *([template_dir] if template_dir else [])]

    def rebuild(changed: set[Path]) -> str:
        if stations in changed or _GAZETTEER not in ctx.meta:
            try:
                ctx.meta[_GAZETTEER] = Gazetteer.load()  # the edited stations.csv
            except JourneyError:
                ctx.meta.pop(_GAZETTEER, None)  # build_cmd reports the error itself
        ctx.meta[_WATCHING] = True
        try:
            return ctx.invoke(build_cmd, **params)
        finally:
            ctx.meta[_WATCHING] = False

    server = None
    status = BuildStatus()  # the served page shows the last build's errors over the map
    if port is not None:
        try:
            server = serve(output, port, status)
        except OSError as exc:
            raise RenderError(f"cannot serve on 127.0.0.1:{port} ({exc.strerror}); pick "
                              "another --serve port") from None
        threading.Thread(target=server.serve_forever, daemon=True).start()
        click.echo(f"Serving http://127.0.0.1:{server.server_address[1]}/ (reloads on rebuild)",
                   err=True)
    click.echo("Watching " + ", ".join(str(p) for p in paths) + " (Ctrl-C to stop)", err=True)
    try:
        watch(paths, rebuild, lambda line, failed: click.echo(line, err=failed), status=status)
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    return ""


@cli.command("places")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@ENCODING
@GEOCODER
def places_cmd(article: Path, fmt: str, encoding: str | None, geocoder: str) -> None:
    """List every place the article names: where, what it resolves to, stop or context.

    \b
    Example:
      journey places story.txt
      journey places story.txt --format json > places.json
    """
    from journey.formats import places_output, review_line  # imported on use
    from journey.pipeline import draft, place_mentions

    text = _article(article, encoding)
    gaz = _gazetteer(geocoder)
    click.echo(places_output(place_mentions(text, gaz), fmt), nl=False)
    try:
        click.echo(review_line(draft(text, gaz)), err=True)
    except JourneyError:
        pass  # too few stops to draft: the table above says what the article names


@cli.command("draft")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@ENCODING
@DATELINE
@GEOCODER
def draft_cmd(article: Path, fmt: str, output: Path | None, encoding: str | None,
              dateline: datetime | None, geocoder: str) -> None:
    """Draft the ordered, editable stop list from an article.

    \b
    Example:
      journey draft story.txt -o stops.csv     # edit stops.csv, then:
      journey draft story.txt --dateline 2001-08-03   # resolve "on Friday"
      journey build story.txt --stops stops.csv
    """
    from journey.formats import draft_output, review_line
    from journey.pipeline import draft

    check_outputs([("-o", output)], [("the article", article)])
    if output is not None:
        check_output(output)
    text = _article(article, encoding)
    stops = draft(text, _gazetteer(geocoder), dateline.date() if dateline else None)
    out = draft_output(stops, fmt)
    if output is None:
        click.echo(out, nl=False)
    else:
        write_atomic(output, out)
        click.echo(f"Wrote {output}", err=True)
    click.echo(review_line(stops), err=True)


@cli.command("edit")
@click.argument("article", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--stops", "stops_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("stops.csv"), show_default=True,
              help="The stop file to edit; when it does not exist yet, the editor starts from "
                   "the stops drafted from ARTICLE and the first save writes it.")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1 (default: any free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the default browser.")
@click.option("--title", help="Map title (default: the article's headline).")
@click.option("--template-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of templates that override the shipped ones.")
@click.option("--rail", "rail_paths", multiple=True,
              type=click.Path(exists=True, path_type=Path), help="Extra rail lines, as for build.")
@click.option("--tiles", default=DEFAULT_TILES, show_default=True, metavar="NAME|none",
              help="Online tiles of the rebuilt map, as for build.")
@ENCODING
@STOPS_ENCODING
@DATELINE
def edit_cmd(article: Path | None, stops_path: Path, port: int, no_browser: bool,
             title: str | None, template_dir: Path | None, rail_paths: tuple[Path, ...],
             tiles: str, encoding: str | None, stops_encoding: str | None,
             dateline: datetime | None) -> None:
    """Correct the stops in the browser: map and stop list side by side.

    Serves an editor on http://127.0.0.1 (this machine only). Each save checks the stops
    as `journey build` does, writes STOPS (the previous version to STOPS.bak) and
    rebuilds the map, byte-identical to `journey build ARTICLE --stops STOPS`.

    \b
    Examples:
      journey edit story.txt --stops stops.csv
      journey edit --stops stops.csv --no-browser --port 8001
    """
    from journey.edit import run

    article_text = _article(article, encoding) if article else None
    stops_text = (_read_input(stops_path, stops_encoding or encoding)
                  if stops_path.exists() else None)
    run(stops_path, article_text, stops_text, gazetteer=_gazetteer("none"), port=port,
        open_browser=not no_browser, report=lambda line: click.echo(line, err=True),
        build_options={"title": title, "template_dir": template_dir, "rail": rail_paths,
                       "tiles": tiles, "article_origin": str(article or "the article"),
                       "dateline": dateline.date() if dateline else None})


def main() -> None:
    cli(prog_name="journey")
