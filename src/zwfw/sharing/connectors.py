"""Connectors: how a dataset's records are fetched from its source system.

A connector is anything with ``fetch(dataset_code, subject) -> dict | None`` (``None``: no record
for this subject); it raises :class:`ConnectorError` when the source cannot answer. Two kinds to
start, chosen by the dataset's ``connector_kind``:

- :class:`HttpJsonConnector`: ``GET <target>?subject=<identifier>`` answering a JSON object
  (404 = no record), stdlib ``urllib`` with a timeout; only ``http``/``https`` targets.
- :class:`FileDropConnector`: the source system drops one JSON file per subject into
  ``<target>/<subject>.json`` (an exchange directory, 前置机文件交换).

Tests (and a dataset being set up) use :class:`FakeConnector` through :func:`connector_override`.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

SUBJECT_RE = re.compile(r"^[0-9A-Z]{6,18}$")


class ConnectorError(Exception):
    """The source system did not answer usably."""


class Connector(Protocol):
    def fetch(self, dataset_code: str, subject: str) -> dict | None: ...


class HttpJsonConnector:
    def __init__(self, url: str, *, timeout: float = 5.0) -> None:
        if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
            raise ConnectorError("接口地址须为 http/https")
        self.url = url
        self.timeout = timeout

    def fetch(self, dataset_code: str, subject: str) -> dict | None:
        sep = "&" if "?" in self.url else "?"
        url = f"{self.url}{sep}{urllib.parse.urlencode({'subject': subject, 'dataset': dataset_code})}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 - scheme checked above
                body = response.read(1_000_001)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise ConnectorError(f"接口返回 {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ConnectorError("接口无法连接") from exc
        if len(body) > 1_000_000:
            raise ConnectorError("接口返回过大")
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise ConnectorError("接口返回的不是JSON") from exc
        if not isinstance(data, dict):
            raise ConnectorError("接口返回的不是JSON对象")
        return data


class FileDropConnector:
    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def fetch(self, dataset_code: str, subject: str) -> dict | None:
        if not SUBJECT_RE.match(subject):  # never a path: only identifier characters
            raise ConnectorError("查询对象有误")
        path = self.directory / f"{subject}.json"
        if not path.is_file():
            if not self.directory.is_dir():
                raise ConnectorError("交换目录不存在")
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConnectorError("交换文件无法读取") from exc
        if not isinstance(data, dict):
            raise ConnectorError("交换文件不是JSON对象")
        return data


class FakeConnector:
    """The test double: records by subject, every call remembered; ``fail=True`` raises."""

    def __init__(self, records: dict[str, dict] | None = None, *, fail: bool = False) -> None:
        self.records = records or {}
        self.fail = fail
        self.calls: list[tuple[str, str]] = []

    def fetch(self, dataset_code: str, subject: str) -> dict | None:
        self.calls.append((dataset_code, subject))
        if self.fail:
            raise ConnectorError("测试数据源故障")
        return self.records.get(subject)


_OVERRIDES: dict[str, Connector] = {}


@contextmanager
def connector_override(dataset_code: str, connector: Connector):
    """Use ``connector`` for ``dataset_code`` inside the block (tests, demo)."""
    _OVERRIDES[dataset_code] = connector
    try:
        yield connector
    finally:
        _OVERRIDES.pop(dataset_code, None)


def connector_for(dataset) -> Connector:
    if dataset.code in _OVERRIDES:
        return _OVERRIDES[dataset.code]
    if dataset.connector_kind == "http_json":
        return HttpJsonConnector(dataset.connector_target)
    if dataset.connector_kind == "file_drop":
        return FileDropConnector(dataset.connector_target)
    raise ConnectorError("数据集尚未接入数据源")
