# Two entry points: `make book` builds the HTML, `make test` runs every test.
# Both create the virtual environment .venv from requirements.txt on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# MathJax 3 from the npm registry, unpacked at set-up time so that the book
# build and the tests download nothing. _config.yml points Sphinx at BOOK_STATIC.
MATHJAX_VERSION := 3.2.2
BOOK_STATIC := $(VENV)/share/book-static
MATHJAX_JS := $(BOOK_STATIC)/mathjax/tex-mml-chtml.js
MATHJAX_DOWNLOAD := $(VENV)/share/mathjax-download

# Progress bars stay out of executed notebooks and test logs.
export KERNEL_HOPFIELD_PROGRESS = 0

# One BLAS thread per process: the chapters' matrices are small, so threads
# only compete for the two cores, and a fixed thread count keeps floating-point
# sums, and hence the committed notebook outputs, the same on every run.
export OPENBLAS_NUM_THREADS = 1
export OMP_NUM_THREADS = 1

.PHONY: book test unit notebooks build-strict browser browser-deps clean

# Set-up: the virtual environment and the local MathJax copy. MathJax is an
# order-only prerequisite, so a missing copy is unpacked again without
# reinstalling the Python packages.
$(STAMP): requirements.txt pyproject.toml | $(MATHJAX_JS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

# npm pack checks the tarball against the registry's integrity hash.
$(MATHJAX_JS):
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm to fetch MathJax"; exit 1; }
	rm -rf $(BOOK_STATIC)/mathjax $(MATHJAX_DOWNLOAD)
	mkdir -p $(BOOK_STATIC) $(MATHJAX_DOWNLOAD)
	cd $(MATHJAX_DOWNLOAD) && npm pack --silent mathjax@$(MATHJAX_VERSION)
	tar -xzf $(MATHJAX_DOWNLOAD)/mathjax-$(MATHJAX_VERSION).tgz -C $(MATHJAX_DOWNLOAD)
	mv $(MATHJAX_DOWNLOAD)/package/es5 $(BOOK_STATIC)/mathjax
	mv $(MATHJAX_DOWNLOAD)/package/LICENSE $(BOOK_STATIC)/mathjax/LICENSE
	rm -rf $(MATHJAX_DOWNLOAD)
	touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build .
	@echo "HTML: $(CURDIR)/_build/html/index.html"

test: unit notebooks build-strict browser

unit: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider book

build-strict: $(STAMP)
	rm -rf _build
	$(BIN)/jupyter-book build . -W -n --keep-going

# Opens every page of the built book (_build/html, from build-strict) in headless
# Chromium with the network blocked; screenshots go to _build/browser-screenshots.
browser: $(STAMP) browser-deps
	$(BIN)/python -m pytest tests/browser --browser -p no:cacheprovider

# Debian's Chromium, installed with apt-get (as root) only when it is missing.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi

clean:
	rm -rf _build $(VENV)
