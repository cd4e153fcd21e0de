# manlint developer entry points (GNU make).

VENV ?= .venv
PY = $(VENV)/bin/python
MANLINT = $(VENV)/bin/manlint
EXAMPLES = manpages/examples

.PHONY: all demo test lint bench clean

all: demo

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(MANLINT) tree $(EXAMPLES)/frobmap.2
	$(MANLINT) render --to text $(EXAMPLES)/frobmap.2
	-$(MANLINT) lint $(EXAMPLES)/frobmap.2
	-$(MANLINT) check-patch --tree $(EXAMPLES) $(EXAMPLES)/0001-frobmap.2-document-FROB_FIXED_SAFE.patch

test: $(VENV)/.installed
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(MANLINT) lint manpages/

bench: $(VENV)/.installed
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
