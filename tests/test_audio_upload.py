"""The audio upload command, against moto's S3 server on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from tests.test_store_dynamodb import dynamodb_endpoint as moto_endpoint  # noqa: F401
from tools import audio_upload


def library(tmp_path: Path) -> Path:
    folder = tmp_path / "audio"
    folder.mkdir()
    (folder / "clip-abc.mp3").write_bytes(b"ID3 clip")
    (folder / "track-def.mp3").write_bytes(b"ID3 track")
    (folder / "manifest.json").write_text(json.dumps({"clips": {}, "tracks": {}}))
    return folder


def test_dry_run_lists_every_file_with_the_manifest_last(tmp_path: Path, capsys) -> None:
    folder = library(tmp_path)
    assert audio_upload.main(["--dir", str(folder), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" -> ")[1].split()[0] for line in lines] == [
        "audio/clip-abc.mp3",
        "audio/track-def.mp3",
        "audio/manifest.json",
    ]


def test_an_unbuilt_library_is_refused(tmp_path: Path) -> None:
    assert audio_upload.main(["--dir", str(tmp_path), "--dry-run"]) == 1


def test_upload_puts_files_with_their_types_and_caching(
    tmp_path: Path,
    moto_endpoint: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="skill-audio")
    folder = library(tmp_path)
    assert audio_upload.main(["--dir", str(folder), "--bucket", "skill-audio"], client=client) == 0
    head = client.head_object(Bucket="skill-audio", Key="audio/track-def.mp3")
    assert head["ContentType"] == "audio/mpeg" and "max-age=31536000" in head["CacheControl"]
    body = client.get_object(Bucket="skill-audio", Key="audio/manifest.json")["Body"].read()
    assert json.loads(body) == {"clips": {}, "tracks": {}}
