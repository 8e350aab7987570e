# The two commands of the README. Both install what they need from uv.lock.
.PHONY: setup release test ui bench

setup:
	@bash scripts/setup.sh

release:                ## build and publish a release from raw/ into outputs/
	@bash scripts/setup.sh --inexact
	.venv/bin/python -m pipeline release

test:                   ## lint (ruff: pyflakes, imports, pydocstyle, mccabe), then the whole test suite (what CI runs)
	@bash scripts/setup.sh --extra cluster
	.venv/bin/ruff check pipeline tests benchmarks eval scripts
	.venv/bin/python -m pytest -q

bench:                  ## benchmark: python benchmarks/bench.py --docs 10000
	@bash scripts/setup.sh --inexact
	.venv/bin/python benchmarks/bench.py --docs $${DOCS:-10000}

ui:                     ## Dagster UI + daemon on http://127.0.0.1:3000
	@bash scripts/setup.sh --inexact
	.venv/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000
