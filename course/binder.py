"""`make binder-badge`: point the READMEs' Binder badges at this repository, made from its git remote (or --repo).

    python -m course.binder                       # from `git remote get-url origin`
    python -m course.binder --repo owner/name     # a GitHub repository named by hand

Until it has run, each README says in words that the badge needs the repository's address; it never shows a
placeholder as a link. It rewrites only the block between the `<!-- binder` markers, in README.md (English
lessons) and README.zh-CN.md (the Chinese ones). Standard library only: it runs before any install.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
START = "<!-- binder: written by `make binder-badge` from the repository's address; edit course/binder.py, not this -->"
END = "<!-- end of binder -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
READMES = {
    "README.md": {
        "lesson": "notebooks/00_introduction.ipynb",
        "linked": "**No installation:** the badge opens the course on mybinder.org (its `start` script starts the simulator).",
        "unlinked": "**No installation, on Binder:** a badge here opens the course on mybinder.org once it knows this repository's "
        "public address. In a clone of it, run `make binder-badge` (it reads `git remote`; or `make binder-badge REPO=owner/name`) and commit the README.",
    },
    "README.zh-CN.md": {
        "lesson": "notebooks/zh-CN/00_introduction.ipynb",
        "linked": "**免安装：** 点击徽章，在 mybinder.org 上打开中文版课程（Binder 的 `start` 脚本会启动模拟器）。",
        "unlinked": "**免安装（Binder）：** 徽章要知道本仓库的公开地址才能打开 mybinder.org 上的课程。"
        "在仓库的克隆里运行 `make binder-badge`（它读取 `git remote`；也可以用 `make binder-badge REPO=owner/name`），然后提交 README。",
    },
}


def binder_base(remote: str) -> str | None:
    """mybinder.org's launch address for a git remote (GitHub, GitLab, or any public https repository), or None."""
    remote = remote.strip()
    found = re.match(r"^(?:git@github\.com:|ssh://git@github\.com/|https?://(?:[^@/]+@)?github\.com/)([\w.-]+)/([\w.-]+?)(?:\.git)?/?$", remote)
    if found:
        return f"https://mybinder.org/v2/gh/{found.group(1)}/{found.group(2)}/HEAD"
    found = re.match(r"^(?:git@gitlab\.com:|https?://gitlab\.com/)([\w./-]+?)(?:\.git)?/?$", remote)
    if found:
        return f"https://mybinder.org/v2/gl/{quote(found.group(1), safe='')}/HEAD"
    if re.match(r"^https://[^/@\s]+\.[^/@\s]+/\S+$", remote):
        return f"https://mybinder.org/v2/git/{quote(remote, safe='')}/HEAD"
    return None


def block(readme: str, base: str | None) -> str:
    words = READMES[readme]
    if base is None:
        return f"{START}\n{words['unlinked']}\n{END}"
    badge = f"[![Binder](https://mybinder.org/badge_logo.svg)]({base}?urlpath=lab/tree/{words['lesson']})"
    return f"{START}\n{badge}\n{words['linked']}\n{END}"


def write(root: Path, base: str | None) -> list[Path]:
    changed = []
    for name in READMES:
        path = root / name
        text = path.read_text(encoding="utf-8")
        if not BLOCK.search(text):
            raise SystemExit(f"{path} has no Binder block ({START[:30]}…{END}) to write.")
        new = BLOCK.sub(lambda _match, name=name: block(name, base), text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def origin(root: Path) -> str | None:
    try:
        done = subprocess.run(["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.binder", description="Point the READMEs' Binder badges at this repository.")
    parser.add_argument("--repo", help="owner/name of the GitHub repository (default: read from `git remote get-url origin`)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--clear", action="store_true", help="back to the sentence that asks for the address")
    args = parser.parse_args(argv)
    if args.clear:
        base = None
    elif args.repo:
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", args.repo):
            parser.error("--repo is owner/name, as in github.com/owner/name")
        base = binder_base(f"https://github.com/{args.repo}")
    else:
        remote = origin(args.root)
        base = binder_base(remote) if remote else None
        if base is None:
            print(
                f"No public repository address to make the badge from: `git remote get-url origin` is {remote or 'not set'}. "
                "Give it by hand: make binder-badge REPO=owner/name (GitHub).",
                file=sys.stderr,
            )
            return 1
    changed = write(args.root, base)
    where = base or "no address (the READMEs ask for one)"
    print(f"Binder badges: {where}. " + (f"Changed {', '.join(p.name for p in changed)}: commit them." if changed else "Nothing changed."))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
