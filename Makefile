# Two commands for a fresh machine (see README):
#   make run    set up everything, load the seed into SQLite and start the portal
#   make test   set up everything and run the tests
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SEED := ../shared/seed/shuimogou_zhengfu_bangongshi_2021_yusuan.txt

.PHONY: setup system python web run test lint typecheck pytest bench clean

setup: system python web

system:
	bash scripts/install-system.sh

python: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	touch $@

web:
	bash scripts/install-web.sh

run: setup
	$(VENV)/bin/yusuan serve

lint:
	$(VENV)/bin/ruff check yusuan yusuan_testing tests benchmarks scripts

typecheck:
	$(VENV)/bin/mypy yusuan/model yusuan/readers yusuan/interpret yusuan/normalize.py yusuan/numbers.py

pytest:
	$(VENV)/bin/pytest -q -n 2 --dist loadgroup

test: setup lint typecheck pytest

bench: setup
	$(PY) benchmarks/extract.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
