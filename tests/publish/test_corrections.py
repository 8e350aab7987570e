"""Corrections are reviewed data keyed by row id; mistakes in them fail loudly."""
from __future__ import annotations

import pytest

from pipeline.publish.corrections import CorrectionError, apply_corrections, load_corrections
from tests.fixtures import tables


def write(tmp_path, body: str):
    path = tmp_path / "corrections.yaml"
    path.write_text(body)
    return path


def test_missing_or_empty_file_means_no_corrections(tmp_path):
    assert load_corrections(tmp_path / "nope.yaml") == []
    assert load_corrections(write(tmp_path, "corrections: []\n")) == []


def test_set_and_drop_apply(tmp_path):
    path = write(tmp_path, f"""corrections:
  - id: es_{'2' * 16}
    action: set
    set: {{metric: other, per: null}}
    reason: planes are not flights
  - id: bu_{'3' * 16}
    action: drop
    reason: not money for the response
""")
    out = apply_corrections(tables(), load_corrections(path))
    assert out["estimates"]["metric"].tolist() == ["other"]
    assert out["estimates"]["per"].isna().all()
    assert out["budgets"].empty


@pytest.mark.parametrize("body, message", [
    ("corrections:\n  - {id: es_0000000000000000, action: drop, reason: x}\n", "no estimates row has this id"),
    ("corrections:\n  - {id: es_2222222222222222, action: set, set: {colour: red}, reason: x}\n", "not columns of estimates"),
    ("corrections:\n  - {id: es_2222222222222222, action: drop}\n", "needs a reason"),
    ("corrections:\n  - {id: xx_1, action: drop, reason: r}\n", "not an events/estimates/budgets id"),
    ("corrections:\n  - {id: es_2222222222222222, action: set, set: {estimate_id: x}, reason: r}\n", "identify the row"),
    ("corrections: [\n", "not valid YAML"),
])
def test_bad_corrections_fail_with_a_clear_message(tmp_path, body, message):
    with pytest.raises(CorrectionError, match=message):
        apply_corrections(tables(), load_corrections(write(tmp_path, body)))


def test_shipped_corrections_file_loads():
    from tests.conftest import RAW
    assert isinstance(load_corrections(RAW / "corrections.yaml"), list)
