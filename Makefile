# riwaya — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
DATA ?= ./data
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: all setup build build-asan run test test-unit test-asan test-web bench eval clean web help

all: build

help:
	@echo "make run    - install what is missing, build, ingest samples/, serve on http://$(HOST):$(PORT)"
	@echo "make test   - build and run every test (release + ASan/UBSan unit tests + web)"
	@echo "make bench  - benchmarks against Xapian, Lucene++ and SQLite FTS5 (docs/benchmarks.md)"
	@echo "make eval   - quality evaluation (docs/evaluation.md)"
	@echo "make clean  - remove build directories (keeps ./data)"

setup:
	@scripts/setup

$(BUILD)/build.ninja $(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: setup
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DRIWAYA_SANITIZE=ON -DRIWAYA_ONLY_UNIT=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

web: setup
	@if [ -f web/package.json ]; then cd web && npm run --silent build; fi

run: build web
	@scripts/run-main "$(BUILD)/riwaya" "$(DATA)" "$(HOST)" "$(PORT)"

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -L unit --timeout 900

test-web: build web
	@if [ -f tests/e2e/run.sh ]; then bash tests/e2e/run.sh "$(BUILD)/riwaya"; fi

test: test-unit test-asan test-web

bench: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DRIWAYA_BENCH=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@bash bench/run.sh $(BUILD)

eval: build
	@bash eval/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) web/dist
