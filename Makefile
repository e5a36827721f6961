# Two entry points: `make book` builds the HTML, `make test` runs every test.
# Both create the virtual environment .venv from requirements.txt on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Progress bars stay out of executed notebooks and test logs.
export KERNEL_HOPFIELD_PROGRESS = 0

# One BLAS thread per process: the chapters' matrices are small, so threads
# only compete for the two cores, and a fixed thread count keeps floating-point
# sums, and hence the committed notebook outputs, the same on every run.
export OPENBLAS_NUM_THREADS = 1
export OMP_NUM_THREADS = 1

.PHONY: book test unit notebooks build-strict clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build .
	@echo "HTML: $(CURDIR)/_build/html/index.html"

test: unit notebooks build-strict

unit: $(STAMP)
	$(BIN)/python -m pytest tests

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider book

build-strict: $(STAMP)
	rm -rf _build
	$(BIN)/jupyter-book build . -W -n --keep-going

clean:
	rm -rf _build $(VENV)
