# hzcompare — every target sets up .venv first if it is missing (or pyproject.toml changed).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
YEAR   ?= 2022

.DEFAULT_GOAL := help
.PHONY: help setup test lint pack packs dataset lab curate validate docs pin bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

setup: $(STAMP) ## create .venv with the project (editable) and its pinned dependencies

lint: $(STAMP) ## ruff check and ruff format --check
	$(BIN)/ruff check lib tests benchmarks scripts notebooks
	$(BIN)/ruff format --check lib tests benchmarks scripts notebooks

test: $(STAMP) lint ## every test: lint, curated data checks, pytest on tests/, nbval on notebooks/
	$(BIN)/hzcompare curate --check
	$(BIN)/hzcompare validate
	$(BIN)/hzcompare docs --check
	$(BIN)/frictionless validate data/curated/datapackage.json
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax -p no:cacheprovider notebooks/

pack: $(STAMP) ## render the 2022 pack into packs/2022/ (PARAMS=file.yaml: that pack, into packs/<file name>/)
	$(if $(PARAMS),$(BIN)/hzcompare pack --params $(PARAMS) --out packs/$(basename $(notdir $(PARAMS))),$(BIN)/hzcompare pack --year $(YEAR))

packs: $(STAMP) ## render every yearly pack in params/
	$(BIN)/hzcompare pack --all

dataset: $(STAMP) ## write the dataset release dist/hzcompare-data-<version>.zip
	$(BIN)/hzcompare dataset

lab: $(STAMP) ## JupyterLab on notebooks/
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

curate: $(STAMP) ## rebuild data/curated/ from data/raw/
	$(BIN)/hzcompare curate

validate: $(STAMP) ## check data/curated/
	$(BIN)/hzcompare validate

docs: $(STAMP) ## regenerate the data dictionary, the API reference and the README's picture
	$(BIN)/hzcompare docs

pin: $(STAMP) ## re-execute notebooks and store the outputs nbval pins (after a data change)
	$(BIN)/python scripts/pin_outputs.py

bench: $(STAMP) ## run the benchmarks (on demand; never part of make test)
	$(BIN)/python benchmarks/run.py

clean: ## remove .venv, rendered packs and the dataset release
	rm -rf $(VENV) packs dist
