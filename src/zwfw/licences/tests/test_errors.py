"""Every licences error code has a Chinese and an English message and a 4xx status."""

from __future__ import annotations

import pytest

from zwfw.licences.errors import LicenceErrorCode


@pytest.mark.parametrize("code", list(LicenceErrorCode), ids=lambda c: c.code)
def test_error_code_is_complete(code):
    assert code.code.startswith("licence_")
    assert 400 <= code.status < 500
    assert code.zh and code.en
    assert code.zh != code.en


def test_codes_are_unique():
    codes = [c.code for c in LicenceErrorCode]
    assert len(codes) == len(set(codes))
