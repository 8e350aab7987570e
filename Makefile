# The two commands of the README. Both install what they need from uv.lock.
.PHONY: setup release test ui bench

setup:
	@bash scripts/setup.sh

release: setup          ## build and publish a release from raw/ into outputs/
	.venv/bin/python -m pipeline release

test: setup             ## the whole test suite (what CI runs)
	.venv/bin/python -m pytest -q

ui: setup               ## Dagster UI + daemon on http://127.0.0.1:3000
	.venv/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000
