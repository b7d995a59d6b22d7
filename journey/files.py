"""The one door to the file system: reading inputs, writing outputs, the cache folder.

Everything journey reads from a user or writes for one passes through here, so the rules
live in one place:

- **Reading** (:func:`read_text_as`): regular files only (a FIFO, a device such as
  ``/dev/zero`` or a folder is one clear error, never a hang or a read until memory runs
  out), at most :data:`MAX_INPUT_BYTES`, and the encoding rules: UTF-8 (BOM or not), UTF-16
  with a BOM, Windows-1252 when :func:`looks_like_cp1252` is sure, else an error naming the
  ``--encoding`` to try. Text with a NUL character anywhere is refused as binary.
- **Writing** (:func:`write_atomic`): every output goes to a temp file beside it and is
  renamed over it, so a reader never sees half a file. Only a regular file (or a new name)
  is replaced: ``-o /dev/null`` run as root must not turn the device into a file. An
  output that is also an input or another output is refused (:func:`check_outputs`).
  Temp files a killed run left behind are removed by the next write (rule at
  :func:`_clean_stale_temps`).
- **The cache folder** (:func:`cache_dir`, :func:`cache_problem`, :func:`read_cache`,
  :func:`write_cache`): ``$JOURNEY_CACHE_DIR``, else ``$XDG_CACHE_HOME/journey`` or
  ``~/.cache/journey``. A cache only saves time: every load checks what it read and treats
  anything unexpected as a miss (rebuild), and a folder that cannot be used means building
  without a cache, never a failure.

Hand-written rather than a library: the cp1252 sniffing is a narrow rule (a charset
detector such as charset-normalizer guesses for any bytes, where journey must refuse and
name an encoding); the atomic writer needs the device and same-file refusals and the mode
rule of a replaced file, which atomicwrites-style packages do not have.
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import IO, Callable, Iterable, Union

from journey.errors import InputError, JourneyError, RenderError

# A news article is a few hundred KB; 50 MB leaves room for whole books or archives
# (benchmarks/scale.py builds a 20 MB article) and stops a mistaken file from eating memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024
# A temp file of a write that died: removed once its process is gone, or, when the name
# carries no process id (older versions) or the pid may have been reused, after this long.
STALE_TEMP_S = 15 * 60


class UsageError(JourneyError):
    """An option that cannot work (an output that is an input, an empty path): exit 2."""

    exit_code = 2


# -- reading -------------------------------------------------------------------------------

def read_bytes(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a user's regular file, at most ``limit`` of them; else InputError."""
    p = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{p}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a file") from None
    except NotADirectoryError:
        raise InputError(f"{p}: no such file ({_file_in_path(p)} is a file, not a folder); "
                         "check the path") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror}); check its permissions") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{p}: is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{p}: is not a regular file (a device, pipe or socket); "
                             "give a text file")
        if st.st_size > limit:
            raise InputError(f"{p}: is {st.st_size / 1048576:.0f} MB, over the "
                             f"{limit // 1048576} MB limit for an input; give a smaller file")
        chunks, total = [], 0
        with os.fdopen(fd, "rb", closefd=False) as fh:
            while chunk := fh.read(1 << 20):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:  # the file grew while being read
                    raise InputError(f"{p}: is over the {limit // 1048576} MB limit for an "
                                     "input; give a smaller file")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror}); check its permissions") from None
    finally:
        os.close(fd)


def check_encoding(value: str) -> str | None:
    """Why ``value`` is no text encoding (a message), or None when it is one."""
    try:
        info = codecs.lookup(value)
    except LookupError:
        return f"unknown encoding {value!r}; try utf-8, cp1252, cp1251 or latin-1"
    if not getattr(info, "_is_text_encoding", True):
        return (f"{value!r} is not a text encoding (it is a bytes or text transform); try "
                "utf-8, cp1252, cp1251 or latin-1")
    return None


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a user's text file, turning OS and decoding failures into one clear error."""
    return read_text_as(path, encoding)[0]


def read_text_as(path: str | Path, encoding: str | None = None) -> tuple[str, str]:
    """The text of a user's file and the encoding it was read with.

    Without ``encoding``: UTF-8 (BOM or not), UTF-16 with a BOM, or Windows-1252 when
    :func:`looks_like_cp1252` is sure; anything else is an error naming the ``--encoding``
    to try.
    """
    p = Path(path)
    raw = read_bytes(p)
    if encoding:
        problem = check_encoding(encoding)
        if problem:
            raise InputError(problem)
        try:
            return _no_nul(p, raw.decode(encoding)), encoding
        except UnicodeDecodeError as exc:
            line, col = _byte_line_col(raw, exc.start)
            raise InputError(f"{p}:{line}:{col}: not valid {encoding} text (byte "
                             f"0x{raw[exc.start]:02x}); check which encoding it was saved in"
                             ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _no_nul(p, raw.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            pass
    head = raw[:8192]
    if b"\x00" in head:
        hint = ("; if it is UTF-16 text, pass --encoding utf-16-le (or utf-16-be)"
                if head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4
                else "")
        raise InputError(f"{p}: looks like a binary file, not text (it has NUL bytes); give a "
                         f"UTF-8 text file{hint}")
    try:
        return _no_nul(p, raw.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    if looks_like_cp1252(raw):
        return _no_nul(p, raw.decode("cp1252")), "cp1252"
    line, col = _byte_line_col(raw, bad)
    raise InputError(f"{p}:{line}:{col}: not UTF-8 text (byte 0x{raw[bad]:02x}); save it as "
                     f"UTF-8 or pass --encoding {guess_legacy_encoding(raw)}")


def _no_nul(p: Path, text: str) -> str:
    """Text with a NUL anywhere is a binary file (or the wrong encoding), not an article."""
    pos = text.find("\x00")
    if pos >= 0:
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        raise InputError(f"{p}:{line}:{col}: looks like a binary file, not text (it has a NUL "
                         "byte); give a text file, or the --encoding it was saved in")
    return text


_CP1252_PUNCT = frozenset(b"\x80\x85\x91\x92\x93\x94\x96\x97\xa0\xb0\xa9\xab\xbb\xb4")


def looks_like_cp1252(raw: bytes) -> bool:
    """True when bytes that are not UTF-8 read plainly as Western text in Windows-1252.

    The rule: every non-ASCII byte is either a cp1252 typographic mark (curly quotes,
    dashes, ellipsis, nbsp, degree ...) or an accented Latin letter (0xC0-0xFF) standing
    alone between ASCII letters' neighbours (no other non-ASCII byte next to it, an ASCII
    letter on one side); and they are under a fifth of the bytes. Cyrillic, Greek or CJK
    text in a legacy encoding breaks the letter rule in almost every word.

    >>> looks_like_cp1252("They met at a café in Omsk \u2013 a naïve plan.".encode("cp1252"))
    True
    >>> looks_like_cp1252("Москва".encode("cp1251"))
    False
    """
    high = [i for i, b in enumerate(raw) if b >= 0x80]
    if not high or len(high) > 0.2 * len(raw):
        return False
    for i in high:
        b = raw[i]
        if b in _CP1252_PUNCT:
            continue
        before = raw[i - 1] if i > 0 else 0x20
        after = raw[i + 1] if i + 1 < len(raw) else 0x20
        lone = before < 0x80 and after < 0x80
        if lone and b >= 0xC0 and b not in (0xD7, 0xF7) and (
                chr(before).isalpha() or chr(after).isalpha()):
            continue
        return False
    return True


def guess_legacy_encoding(raw: bytes) -> str:
    """The --encoding to suggest for non-UTF-8 bytes (a hint, never used to decode)."""
    high = [b for b in raw if b >= 0x80]
    letters = [b for b in high if b >= 0xC0]
    if len(letters) >= 0.8 * len(high) and len(high) >= 20:
        # Russian text is mostly lower case: 0xE0-0xFF in cp1251, 0xC0-0xDF in KOI8-R.
        upper_half = sum(b >= 0xE0 for b in letters)
        return "cp1251" if upper_half >= len(letters) / 2 else "koi8-r"
    return "cp1252"


def _byte_line_col(raw: bytes, pos: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, pos) + 1
    return raw.count(b"\n", 0, pos) + 1, pos - line_start + 1


def _file_in_path(p: Path) -> Path:
    """The first ancestor of ``p`` that exists and is not a folder (for error messages)."""
    for parent in reversed(p.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return p.parent


# -- writing -------------------------------------------------------------------------------

Content = Union[str, bytes, Callable[[IO[bytes]], None]]


def check_outputs(outputs: Iterable[tuple[str, Path | None]],
                  inputs: Iterable[tuple[str, Path | None]]) -> None:
    """Refuse an output path that is empty, an input, or another output (UsageError).

    ``outputs`` and ``inputs`` are (option, path) pairs; None paths are skipped.
    """
    seen: list[tuple[str, Path]] = [(o, p) for o, p in inputs if p is not None]
    n_inputs = len(seen)
    for opt, path in outputs:
        if path is None:
            continue
        if not str(path) or str(path) == ".":
            raise UsageError(f"{opt} is empty; give a file name such as output/map.html")
        for k, (other_opt, other) in enumerate(seen):
            if _same_file(path, other):
                what = other_opt if k < n_inputs else f"the {other_opt} output"
                raise UsageError(f"{path}: {opt} is the same file as {what}; writing it "
                                 f"would replace that file, give another {opt} path")
        seen.append((opt, path))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def check_output(path: str | Path, option: str = "-o") -> os.stat_result | None:
    """Refuse (RenderError, or UsageError for an empty path) an output journey must not
    write: a device, pipe or folder, or a path whose folder is missing or is a file. The
    stat of the file it would replace, or None for a new file. Called before the work, so
    a bad path costs no build; :func:`write_atomic` calls it again.
    """
    path = Path(path)
    if not str(path) or str(path) == ".":
        raise UsageError(f"{option} is empty; give a file name such as output/map.html")
    parent = path.parent
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise RenderError(f"{path}: {_file_in_path(path)} is a file, not a folder; pick "
                          f"another {option} path") from None
    except OSError as exc:
        raise RenderError(f"{path}: cannot write ({exc.strerror})") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise RenderError(f"{path}: is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise RenderError(f"{path}: is not a regular file (a device, pipe or socket); "
                          f"journey only replaces files, pick another {option} path")
    if not parent.is_dir():
        if parent.exists() or any(p.exists() and not p.is_dir() for p in parent.parents):
            raise RenderError(f"{path}: {_file_in_path(path)} is a file, not a folder; pick "
                              f"another {option} path")
        raise RenderError(f"{path}: directory {parent} does not exist; create it or pick "
                          f"another {option} path")
    return st


def write_atomic(path: str | Path, content: Content, *, option: str = "-o") -> None:
    """Write ``content`` (text as UTF-8, bytes, or a function writing to a binary file)
    to ``path`` through a temp file and a rename: never a half-written file, never a
    replaced device. ``option`` names the option the path came from, for messages.

    The new file gets the mode the user's umask gives any new file, or keeps the mode of
    the file it replaces (mkstemp's 0600 would hide a published map).
    """
    path = Path(path)
    st = check_output(path, option)
    parent = path.parent
    _clean_stale_temps(path)
    try:
        _replace(path, content, st.st_mode & 0o7777 if st is not None else _new_file_mode())
    except _NoTemp as exc:
        raise RenderError(f"{path}: cannot write in {parent} ({exc.strerror})") from None
    except OSError as exc:
        raise RenderError(f"{path}: cannot write ({exc.strerror})") from None


def _replace(path: Path, content: Content, mode: int) -> None:
    """The one rename: ``content`` to a temp file in ``path``'s folder, then over ``path``."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=path.parent)
    except OSError as exc:
        raise _NoTemp(exc.errno, exc.strerror) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(content):
                content(fh)
            else:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        # Ctrl-C or a full disk mid-write: leave neither a temp file nor a partial output.
        Path(tmp).unlink(missing_ok=True)
        raise


class _NoTemp(OSError):
    """The folder does not take a new file (permissions, read-only, full)."""


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _clean_stale_temps(path: Path) -> None:
    """Remove temp files of earlier writes to ``path`` that died before their rename.

    The rule: a file named ``.NAME.PID.XXXXXXXX.tmp`` (this module's pattern) whose process
    no longer runs, or any ``.NAME.*.tmp`` older than :data:`STALE_TEMP_S` (older versions'
    names carry no pid; a pid may be reused). A live write of another process is never
    touched: its pid runs and its file is seconds old.
    """
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    now = time.time()
    pid_re = re.compile(re.escape(prefix) + r"(\d+)\.[A-Za-z0-9_]+\.tmp\Z")
    for e in entries:
        name = e.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            old = now - e.stat(follow_symlinks=False).st_mtime > STALE_TEMP_S
            m = pid_re.match(name)
            if old or (m and int(m.group(1)) != os.getpid() and not _alive(int(m.group(1)))):
                os.unlink(e.path)
        except (OSError, ValueError):
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process (or a number no pid can be): leave it
    except OSError as exc:
        return exc.errno != errno.ESRCH
    return True


# -- the cache folder ----------------------------------------------------------------------

def cache_dir() -> Path:
    """Where journey keeps what it can rebuild: $JOURNEY_CACHE_DIR, else
    $XDG_CACHE_HOME/journey or ~/.cache/journey."""
    env = os.environ.get("JOURNEY_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "journey"


def cache_problem() -> str | None:
    """Why the cache folder cannot be used (a file, or under one), or None when it can
    (or does not exist yet). The CLI shows it as a Warning; the build runs without cache."""
    d = cache_dir()
    if d.is_dir():
        return None
    blocker = next((p for p in (d, *d.parents) if p.exists() and not p.is_dir()), None)
    if blocker is None:
        return None
    return (f"the cache folder {d} cannot be used ({blocker} is a file); building without "
            "a cache (slower): set JOURNEY_CACHE_DIR to a folder")


def cache_path(*parts: str) -> Path | None:
    """A path inside the cache folder, or None when the folder cannot be used."""
    if cache_problem() is not None:
        return None
    return cache_dir().joinpath(*parts)


def read_cache(path: Path | None, parse: Callable[[bytes], object]) -> object | None:
    """``parse(bytes of path)``, or None for a missing, unreadable or damaged entry.

    ``parse`` checks what it reads and raises (anything) or returns None when the entry is
    not what it should be; such an entry is removed, so that it is rebuilt.
    """
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO: no wait
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > 1 << 30:
                return None
            raw = fh.read()
    except OSError:
        return None
    try:
        value = parse(raw)
    except Exception:  # noqa: BLE001 - any damage to a cache entry only means a rebuild
        value = None
    if value is None:
        try:
            path.unlink()
        except OSError:
            pass
    return value


def write_cache(path: Path | None, content: Content) -> bool:
    """Store a cache entry atomically; False (and nothing left behind) when it cannot be
    stored: a cache that cannot be written only costs speed."""
    if path is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                return False
        except FileNotFoundError:
            pass
        _clean_stale_temps(path)
        _replace(path, content, _new_file_mode())
        return True
    except (OSError, ValueError):
        return False
