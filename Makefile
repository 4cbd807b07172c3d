# The two commands: `make run` and `make test`. Everything else is a step they use.
BUILD ?= build
JOBS ?= $(shell nproc)
DATA ?= ./data
LISTEN ?= 127.0.0.1:8080

MAKEFLAGS += --no-print-directory

.PHONY: run test deps deps-test build build-server web unit clean bench

run: deps build-server
	@$(BUILD)/lianxin serve --data $(DATA) --listen $(LISTEN) --demo-if-empty --static-dir web/dist

test: deps-test build
	scripts/test-all.sh

deps:
	@scripts/install-deps.sh

deps-test:
	@scripts/install-deps.sh --test

build: web
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# `make run` needs only the server binary, not the test and benchmark programs.
build-server: web
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target lianxin

# The web console (web/dist): npm ci when the lockfile changed, vite build, precompressed .gz files.
web:
	@scripts/build-web.sh

unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	bench/run.sh all

clean:
	rm -rf $(BUILD)
