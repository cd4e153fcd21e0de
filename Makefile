# manlint developer entry points (GNU make).

VENV ?= .venv
PY = $(VENV)/bin/python
MANLINT = $(VENV)/bin/manlint
EXAMPLES = manpages/examples
SHARED = ../shared
BUILD = build

.PHONY: all demo test lint html bench fuzz clean

all: demo

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The main job on the embedded example: its tree, its rendering as text and
# HTML, its lint, and the check of the example patch; then the 2017 seed
# patch (restored, and the damaged web copy) when ../shared is present.
demo: $(VENV)/.installed
	$(MANLINT) tree $(EXAMPLES)/frobmap.2 | head -40
	$(MANLINT) render --to text $(EXAMPLES)/frobmap.2
	mkdir -p $(BUILD)
	$(MANLINT) render --to html -o $(BUILD)/frobmap.2.html $(EXAMPLES)/frobmap.2
	@echo "HTML written to $(BUILD)/frobmap.2.html"
	$(MANLINT) lint $(EXAMPLES)/frobmap.2
	-$(MANLINT) check-patch --tree $(EXAMPLES) --upstream none $(EXAMPLES)/0001-frobmap.2-document-FROB_FIXED_SAFE.patch
	-$(MANLINT) html -o $(BUILD)/demo-site --quiet manpages
	@if [ -d $(SHARED)/patches/map-fixed-safe-2017 ]; then \
	  echo "== the 2017 MAP_FIXED_SAFE patch (restored)"; \
	  $(MANLINT) check-patch --tree $(SHARED)/corpus/man-pages-2017-12-01 \
	    --upstream $(SHARED)/corpus/man-pages-5.13 $(SHARED)/patches/map-fixed-safe-2017/*.patch; \
	  echo "== the same patch as the web copy left it (damaged)"; \
	  $(MANLINT) check-patch --tree $(SHARED)/corpus/man-pages-2017-12-01 $(SHARED)/seed/*; \
	  true; \
	fi

test: $(VENV)/.installed
	$(PY) -m pytest

# The project's own pages must be clean.
lint: $(VENV)/.installed
	$(MANLINT) lint manpages/

html: $(VENV)/.installed
	$(MANLINT) html -o $(BUILD)/html manpages

bench: $(VENV)/.installed
	$(PY) bench/run.py

fuzz: $(VENV)/.installed
	$(PY) -m pip install -q atheris
	bash fuzz/run.sh $${FUZZ_SECONDS:-300}

clean:
	rm -rf $(VENV) $(BUILD) dist src/*.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
