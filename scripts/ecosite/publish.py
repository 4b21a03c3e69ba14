"""Build the website: validate → derive → charts → pages → site/.

    ecosite-build            # build into site/ (Chinese) and site/en/ (English)
    ecosite-build --serve    # build, then serve site/ (both languages) with live reload
    ecosite-build --emit DIR # build, and also write DIR: every page as Markdown after macros, every generated file
                             # and a plain mkdocs.yml (+ mkdocs.en.yml) that bare mkdocs-material or Zensical builds

Environment (read here, at the entry point, into an ecosite.config.Config): ECOSITE_DATA (another copy of the
data packages), SITE_URL (the published address). From Python, call build_site(Config(...)) instead.

The site is built into a temporary folder beside site/ and swapped into place
only when the build succeeds, so invalid data leaves the previous site/
untouched. A build killed at any moment leaves the old or the new site, and the
next build cleans up after it. Builds of the same site/ take turns (a file lock).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, attach
from .paths import DOCS, ROOT, SITE
from .problems import DataInvalid

if TYPE_CHECKING:
    from .emit import Emission

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _checkpoint(name: str) -> None:
    """A named point in the build; the kill tests replace this to stop the process exactly here."""


# ---------------------------------------------------------------------------
# Lock, leftovers, swap


def _staging_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}-"


def _lock_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.lock")


@contextlib.contextmanager
def build_lock(site_dir: Path):
    """Hold an exclusive lock on site_dir for the whole build; wait (with a message) while another build has it.

    fcntl locks die with their process, so a killed build never leaves a stale lock behind.
    The lock file itself stays: deleting it would let two builds lock two different files.
    """
    with open(_lock_path(site_dir), "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"… 另一个构建正在生成 {site_dir}（锁文件 {_lock_path(site_dir).name}），等它结束后再开始。",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
            print("… 上一个构建已结束，开始构建。", file=sys.stderr, flush=True)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(site_dir: Path) -> None:
    """Undo what a killed build left behind. Call only while holding the lock.

    - `site.old` without `site`: killed between the two renames of the fallback swap → put the old site back.
    - `site.old` beside `site`: killed after the swap, before the old site was removed → remove it.
    - `.site-*` folders: staging folders of killed builds (no other build runs: we hold the lock) → remove.
    """
    old = site_dir.with_name(site_dir.name + ".old")
    if old.is_dir():
        if site_dir.exists():
            shutil.rmtree(old)
        else:
            old.rename(site_dir)
    for stale in site_dir.parent.glob(_staging_prefix(site_dir) + "*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported.

    Python's os module has no renameat2, hence ctypes. With it there is no moment at which site/ is missing.
    """
    if os.environ.get("ECOSITE_SWAP") == "rename":  # lets the tests exercise the fallback below
        return False
    libc_name = ctypes.util.find_library("c")
    if not sys.platform.startswith("linux") or not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # kernel or filesystem without exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(staging: Path, site_dir: Path) -> None:
    """Make staging the new site_dir; on return the old site is gone."""
    if not site_dir.exists():
        staging.rename(site_dir)
        _checkpoint("swapped")
        return
    if _exchange(staging, site_dir):
        _checkpoint("swapped")  # staging now holds the old site; a kill here leaves a .site-* folder, removed next time
        shutil.rmtree(staging, ignore_errors=True)
        return
    # Fallback: two renames. A kill between them leaves only site.old, which recover() renames back.
    old = site_dir.with_name(site_dir.name + ".old")
    site_dir.rename(old)
    _checkpoint("between-renames")
    staging.rename(site_dir)
    _checkpoint("swapped")
    shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------
# Build


# The two languages: the Chinese site at the root, the English site under en/ (its own mkdocs config, INHERIT).
CONFIGS = (("mkdocs.yml", ""), ("mkdocs.en.yml", "en"))


def render(staging: Path, config: Config, strict: bool = True, emission: Emission | None = None) -> None:
    """Run the pipeline, then mkdocs into staging, once per language. Raises DataInvalid before anything is written;
    a failure in either language fails the whole build (nothing is swapped in). With an `emission`, each language's
    build also records its final Markdown pages and files for the portable folder (ecosite.emit)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ecosite import pipeline  # imported here: the lock and clean-up need none of the heavy pipeline modules

    pipeline.prepare(config)  # validates; memoised, so the hooks of both languages reuse it
    for name, folder in CONFIGS:
        mkdocs_config = load_config(
            str(ROOT / name), site_dir=str(staging / folder), strict=strict, site_url=config.site_url
        )
        attach(mkdocs_config, config)  # the hooks and macros read this Config, not the environment
        if emission is not None:
            emission.attach(mkdocs_config, ROOT / name, folder)
        build(mkdocs_config)
        mkdocs_config.plugins.on_shutdown()
        _checkpoint(f"rendered-{folder or 'zh'}")


def build_site(config: Config, strict: bool = True, emit: Path | None = None) -> None:
    """Build config.data into a sibling temp folder of config.output, then swap it in, one build at a time.

    emit: also write the portable folder there (ecosite.emit), from the same build; it is swapped in before the
    site, so a failure leaves both as they were. The folder must be new, empty or an earlier emit (EmitError)."""
    site_dir = config.output
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    emission = None
    if emit is not None:
        from .emit import Emission, check_target

        # before the build: a folder we may not replace costs no build
        check_target(Path(emit).absolute(), not_inside=(DOCS, site_dir))
        emission = Emission(emit)
    with build_lock(site_dir):
        recover(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(site_dir), dir=site_dir.parent))
        try:
            _checkpoint("staging")
            render(staging, config, strict, emission)
            _checkpoint("rendered")
            if emission is not None:
                emission.write(swap_in)
            swap_in(staging, site_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def print_problems(problems, file=None) -> None:
    """The same list as ecosite-validate prints."""
    file = file or sys.stderr
    print(f"✗ 数据校验未通过，共 {len(problems)} 个问题（行号为 CSV 文件中的行号，表头为第 1 行）：", file=file)
    for problem in problems:
        print(f"  - {problem}", file=file)


def build_and_report(config: Config, emit: Path | None = None) -> bool:
    """Build, and say in Chinese what happened; never raises for bad data or a failed build."""
    from .emit import EmitError

    site_dir = config.output
    try:
        build_site(config, emit=emit)
    except EmitError as error:
        print(f"✗ {error} 网站没有更新。", file=sys.stderr, flush=True)
        return False
    except DataInvalid as error:
        print_problems(error.problems)
        print(
            f"网站没有更新（原有的 {site_dir.name}/ 保持不变）。请按上面的提示改正；各类错误的含义见 docs/contributing.md。",
            file=sys.stderr,
            flush=True,
        )
        return False
    except Exception as error:  # keep the last good site; a fault in our code gets its traceback for the developer
        import traceback

        traceback.print_exc(file=sys.stderr)
        print(
            f"✗ 网站构建失败，原有的 {site_dir.name}/ 保持不变：{type(error).__name__}: {error}",
            file=sys.stderr,
            flush=True,
        )
        return False
    print(f"✓ 数据校验通过；网站已生成：{site_dir}", flush=True)
    if emit is not None:
        print(
            f"✓ 可移植的 Markdown 文件夹已生成：{emit}（在其中运行 mkdocs build，再 mkdocs build -f mkdocs.en.yml）",
            flush=True,
        )
    return True


def serve(config: Config, dev_addr: str, emit: Path | None = None) -> None:
    """Serve site_dir with live reload; every change rebuilds it through build_site().

    Not mkdocs' own serve: when its build raises, its server waits for a good build before answering any
    request and mkdocs prints only "Aborted with a BuildError!". Here a failed rebuild prints the problem
    list and the last good site stays served (the swap never leaves site_dir half-written).
    """
    from mkdocs.livereload import LiveReloadServer

    site_dir = config.output

    host, _, port = dev_addr.rpartition(":")

    def rebuild() -> None:
        print("… 检测到修改，重新生成网站", file=sys.stderr, flush=True)
        build_and_report(config, emit=emit)  # never raises: the server keeps answering with the last good site

    server = LiveReloadServer(builder=rebuild, host=host or "127.0.0.1", port=int(port), root=str(site_dir))

    def error_page(code: int) -> bytes | None:
        page = site_dir / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_page
    for path in (ROOT / "mkdocs.yml", ROOT / "mkdocs.en.yml", DOCS, config.data, ROOT / "scripts" / "ecosite"):
        server.watch(str(path))
    print(f"预览：{server.url}（修改 CSV、文档后自动重新生成；按 Ctrl+C 停止）", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=SITE)
    parser.add_argument("--serve", action="store_true", help="serve the site with live reload after building")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000")
    parser.add_argument(
        "--emit",
        type=Path,
        metavar="DIR",
        help="also write DIR: the final Markdown pages (after macros), every generated file and a plain mkdocs.yml "
        "(and mkdocs.en.yml) for a bare mkdocs-material or Zensical build",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.WARNING)  # mkdocs' own warnings

    config = Config.from_env(output=args.site_dir)
    if not build_and_report(config, emit=args.emit):
        return 1
    if args.serve:
        serve(config, args.dev_addr, emit=args.emit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
