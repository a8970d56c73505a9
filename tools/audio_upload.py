"""Uploads the built audio library to S3, where Alexa fetches hands-free tracks from.

    python -m tools.audio_upload --bucket NAME [--prefix audio/] [--dir audio]
    python -m tools.audio_upload --dry-run            # prints what would be uploaded

Build the library first (``python -m skill.audio build``). Every file keeps its name
(names hash their content, so an uploaded file never changes), MP3s as ``audio/mpeg``
with year-long caching, and ``manifest.json`` last and uncached, so the skill never
names a track that is not there yet. Serve the bucket over HTTPS (CloudFront or another
CDN) and set SKILL_AUDIO_BASE_URL (the stack's AudioBaseUrl) to that address: the
skill fetches ``<base>/audio/<file>``, so keep the default prefix.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

YEAR = "public, max-age=31536000, immutable"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Upload:
    path: Path
    key: str
    content_type: str
    cache_control: str


def plan(directory: Path, prefix: str = "audio/") -> list[Upload]:
    """What to upload, the manifest last; raises if the library has not been built."""
    if not (directory / MANIFEST).is_file():
        raise FileNotFoundError(f"no {MANIFEST} in {directory}: run python -m skill.audio build first")
    clips = sorted(path for path in directory.iterdir() if path.suffix == ".mp3")
    uploads = [Upload(path, prefix + path.name, "audio/mpeg", YEAR) for path in clips]
    uploads.append(Upload(directory / MANIFEST, prefix + MANIFEST, "application/json", "no-cache"))
    return uploads


def upload(uploads: list[Upload], bucket: str, client: Any = None) -> int:
    if client is None:
        import boto3  # only when uploading

        client = boto3.client("s3")
    for item in uploads:
        client.upload_file(
            str(item.path),
            bucket,
            item.key,
            ExtraArgs={"ContentType": item.content_type, "CacheControl": item.cache_control},
        )
    return len(uploads)


def main(argv: list[str] | None = None, client: Any = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.audio_upload",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--bucket")
    parser.add_argument("--prefix", default="audio/")
    parser.add_argument("--dir", type=Path, default=Path("audio"))
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    try:
        uploads = plan(args.dir, args.prefix)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    if args.dry_run or not args.bucket:
        for item in uploads:
            print(f"{item.path} -> {item.key}  ({item.content_type}, {item.path.stat().st_size} bytes)")
        if not args.bucket and not args.dry_run:
            print("give --bucket NAME to upload these", file=sys.stderr)
        return 0
    print(f"uploaded {upload(uploads, args.bucket, client)} files to s3://{args.bucket}/{args.prefix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
