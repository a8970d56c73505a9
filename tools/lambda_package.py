"""Builds the AWS Lambda deployment: build/lambda/ (what `ask deploy` uploads) and its zip.

    python -m tools.lambda_package                       # Python 3.12, arm64
    python -m tools.lambda_package --arch x86_64
    python -m tools.lambda_package --hosted lambda       # an Alexa-hosted skill's lambda/ folder

The bundle holds ``lambda_function.py``, the skill package without what only a server or
a developer uses (the Flask app, the simulator, tests, tools) and the runtime
dependencies, downloaded for Lambda's platform as binary wheels only (``pip install
--platform ... --only-binary=:all: --target``), so it does not matter what machine builds
it. The sizes are printed and checked against Lambda's limits for a zip upload.

``--hosted DIR`` writes the sources and a ``requirements.txt`` instead: an Alexa-hosted
skill's ``lambda/`` folder, whose dependencies Alexa installs itself.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
ZIPPED_LIMIT = 50 * 1024 * 1024
UNZIPPED_LIMIT = 250 * 1024 * 1024

# What the request path imports on Lambda; the rest of pyproject's dependencies serve the
# Flask server (Flask, flask-ask-sdk, gunicorn, cryptography, certifi) or build audio.
RUNTIME_REQUIREMENTS = (
    "ask-sdk-core>=1.19",
    "ask-sdk-dynamodb-persistence-adapter>=1.19",
    "boto3>=1.34",
    "PyYAML>=6.0",
)
# Folders of the skill package that never run on Lambda.
LEFT_OUT = ("simulator", "web")
_PLATFORMS = {"arm64": "manylinux2014_aarch64", "x86_64": "manylinux2014_x86_64"}


@dataclass(frozen=True)
class Bundle:
    folder: Path
    zip_path: Path
    zipped_bytes: int
    unzipped_bytes: int

    def problems(self) -> list[str]:
        found = []
        if self.zipped_bytes > ZIPPED_LIMIT:
            found.append(f"the zip is {_mb(self.zipped_bytes)}, over Lambda's 50 MB")
        if self.unzipped_bytes > UNZIPPED_LIMIT:
            found.append(f"unzipped it is {_mb(self.unzipped_bytes)}, over Lambda's 250 MB")
        return found


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _ignore(folder: str, names: list[str]) -> set[str]:
    left_out = {name for name in names if name == "__pycache__" or name.endswith((".pyc", ".pyo"))}
    if Path(folder).resolve() == (ROOT / "skill").resolve():
        left_out |= set(LEFT_OUT) & set(names)
    return left_out


def copy_sources(target: Path) -> None:
    """``lambda_function.py`` and the serving part of ``skill/`` into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "lambda_function.py", target / "lambda_function.py")
    shutil.copytree(ROOT / "skill", target / "skill", ignore=_ignore, dirs_exist_ok=True)


def install_dependencies(target: Path, arch: str, python_version: str) -> None:
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--target",
        str(target),
        "--platform",
        _PLATFORMS[arch],
        "--implementation",
        "cp",
        "--python-version",
        python_version,
        "--only-binary=:all:",
        "--upgrade",
        *RUNTIME_REQUIREMENTS,
    ]
    subprocess.run(command, check=True)
    for cache in target.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def zip_folder(folder: Path, zip_path: Path) -> tuple[int, int]:
    """Zips ``folder``'s contents (a fixed order and date, so equal trees zip alike)."""
    unzipped = 0
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(str(path.relative_to(folder)), date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            unzipped += len(data)
            archive.writestr(info, data)
    return zip_path.stat().st_size, unzipped


def build(out: Path = BUILD, arch: str = "arm64", python_version: str = "3.12") -> Bundle:
    folder = out / "lambda"
    shutil.rmtree(folder, ignore_errors=True)
    copy_sources(folder)
    install_dependencies(folder, arch, python_version)
    zip_path = out / f"lambda-{arch}.zip"
    zipped, unzipped = zip_folder(folder, zip_path)
    return Bundle(folder, zip_path, zipped, unzipped)


def hosted(target: Path, skill_id: str = "") -> None:
    """An Alexa-hosted skill's ``lambda/`` folder: sources, requirements.txt, the skill id."""
    copy_sources(target)
    if skill_id:
        (target / "skill_id.txt").write_text(skill_id + "\n", encoding="utf-8")
    (target / "requirements.txt").write_text("\n".join(RUNTIME_REQUIREMENTS) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.lambda_package",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--arch", choices=sorted(_PLATFORMS), default="arm64")
    parser.add_argument("--python-version", default="3.12")
    parser.add_argument("--out", type=Path, default=BUILD)
    parser.add_argument("--hosted", type=Path, metavar="DIR")
    parser.add_argument("--skill-id", default="", help="with --hosted: the skill's id (amzn1.ask.skill...)")
    args = parser.parse_args(argv)
    if args.hosted:
        hosted(args.hosted, args.skill_id)
        print(f"wrote an Alexa-hosted lambda/ folder at {args.hosted}")
        return 0
    bundle = build(args.out, args.arch, args.python_version)
    print(f"{bundle.folder}: {_mb(bundle.unzipped_bytes)} unzipped (limit 250 MB)")
    print(f"{bundle.zip_path}: {_mb(bundle.zipped_bytes)} zipped (limit 50 MB)")
    for problem in bundle.problems():
        print(problem, file=sys.stderr)
    return 1 if bundle.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
